#!/usr/bin/env bash
# Builds the Talos oracle (oracle/, a Go program over siderolabs/talos pkg/machinery) once per
# Talos release it pins: oracle/go.vX.Y.mod → .cache/oracle/talos-oracle-vX.Y.
# A binary is rebuilt only when its sources (oracle/*.go, its .mod/.sum) or the Go version
# changed; the fingerprint is kept beside it in talos-oracle-vX.Y.stamp. Needs the Go module
# proxy (or the git clones of ORACLE_GIT_MIRRORS, see scripts/oracle-go-env.sh) only for modules missing from the
# module cache. The pins themselves are set by scripts/pin-oracle.sh.
# Usage: scripts/build-oracle.sh [vX.Y ...]    (default: every oracle/go.vX.Y.mod)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/oracle-go-env.sh
out=.cache/oracle
mkdir -p "$out"

oracle_versions "$@"

for v in "${versions[@]}"; do
  mod=oracle/go.$v.mod
  if [ ! -f "$mod" ]; then
    echo "build-oracle: no $mod (the oracle pins: $(ls oracle/go.v*.mod | sed 's/.*go\.//; s/\.mod$//' | tr '\n' ' '))" >&2
    exit 2
  fi
  bin=$out/talos-oracle-$v
  stamp=$(cat oracle/*.go "$mod" "oracle/go.$v.sum" <(go version) | sha256sum | cut -d' ' -f1)
  if [ -x "$bin" ] && [ "$(cat "$bin.stamp" 2>/dev/null)" = "$stamp" ]; then
    continue
  fi
  start=$(date +%s)
  rm -f "$bin" "$bin.stamp"
  if ! log=$( (cd oracle && go build -modfile="go.$v.mod" -trimpath -o "../$bin.tmp" .) 2>&1 ); then
    # A pinned module the proxy does not serve (and that no ORACLE_GIT_MIRRORS clone provides) leaves this release
    # without an oracle: its tests print a skip note. Anything else (a compile error) fails the build.
    if grep -qE 'not available|403 Forbidden|410 Gone|unknown revision|verifying module' <<<"$log"; then
      echo "build-oracle: $v not built, a pinned module cannot be downloaded here: $(grep -m1 -E 'not available|403|410|unknown revision|verifying' <<<"$log" | sed 's/^[[:space:]]*//')" >&2
      echo "build-oracle: the $v oracle tests skip; see scripts/oracle-go-env.sh (ORACLE_GIT_MIRRORS) to build it from git clones" >&2
      continue
    fi
    echo "$log" >&2
    exit 1
  fi
  mv "$bin.tmp" "$bin"
  echo "$stamp" > "$bin.stamp"
  echo "build-oracle: $bin built in $(( $(date +%s) - start ))s"
done
