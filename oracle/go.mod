// This file only marks the module root. Every build picks the Talos release with
// -modfile=go.vX.Y.mod (see scripts/build-oracle.sh); each has its own go.vX.Y.sum.
module talgen/oracle

go 1.24
