#!/usr/bin/env bash
# Pins the Talos oracle (oracle/go.vX.Y.mod) to the release talgen's model of that contract is built from:
# RELEASE_REFS in scripts/talos-releases.mjs is the one list of releases; this sets the machinery requirement of
# each module file to it and tidies the file (go.vX.Y.sum follows). test/oracle/pins.test.ts checks they agree.
# Usage: scripts/pin-oracle.sh [vX.Y ...]    (default: every oracle/go.vX.Y.mod; env: see scripts/oracle-go-env.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/oracle-go-env.sh

oracle_versions "$@"

for v in "${versions[@]}"; do
  mod=go.$v.mod
  if [ ! -f "oracle/$mod" ]; then
    echo "pin-oracle: no oracle/$mod (to add a contract, copy the newest module file to it first)" >&2
    exit 2
  fi
  ref=$(node --input-type=module -e "const { RELEASE_REFS } = await import('./scripts/talos-releases.mjs'); console.log(RELEASE_REFS[process.argv[1]] ?? '')" "$v")
  if [[ ! "$ref" =~ ^v[0-9] ]]; then
    echo "pin-oracle: RELEASE_REFS has no release tag for $v (${ref:-none})" >&2
    exit 2
  fi
  (cd oracle && go mod edit -modfile="$mod" -require="github.com/siderolabs/talos/pkg/machinery@$ref" && go mod tidy -modfile="$mod")
  echo "pin-oracle: oracle/$mod → pkg/machinery $ref"
done
