# Sourced by scripts/build-oracle.sh and scripts/pin-oracle.sh: the releases they work on (oracle_versions) and the
# Go environment the oracle's modules are
# fetched in. By default that is Go's own (the module proxy and checksum database). Where the proxy refuses a
# version the oracle pins, ORACLE_GIT_MIRRORS names local git clones to take those modules from instead:
#   ORACLE_GIT_MIRRORS="github.com/siderolabs/talos=/path/to/talos github.com/jsimonetti/rtnetlink=/path/to/rtnetlink"
# Each repository is then fetched by Go directly (git, tags and commits as on GitHub) and left out of the
# checksum database lookups; the module hashes Go computes from a faithful clone equal the published ones.
# A GONOSUMDB the caller sets is kept (for modules the proxy serves but the checksum database does not know).
if [ -n "${ORACLE_GIT_MIRRORS:-}" ]; then
  oracle_private=()
  export GIT_CONFIG_COUNT=0
  for pair in $ORACLE_GIT_MIRRORS; do
    repo=${pair%%=*}
    dir=${pair#*=}
    if [ "$repo" = "$pair" ] || [ ! -d "$dir" ]; then
      echo "ORACLE_GIT_MIRRORS: \"$pair\" is not <repository>=<git directory>" >&2
      exit 2
    fi
    oracle_private+=("$repo")
    export "GIT_CONFIG_KEY_$GIT_CONFIG_COUNT=url.$dir.insteadOf"
    export "GIT_CONFIG_VALUE_$GIT_CONFIG_COUNT=https://$repo"
    GIT_CONFIG_COUNT=$((GIT_CONFIG_COUNT + 1))
  done
  GOPRIVATE=$(IFS=,; echo "${oracle_private[*]}")
  export GOPRIVATE GONOSUMDB=${GONOSUMDB:+$GONOSUMDB,}$GOPRIVATE
fi

# The releases named on the command line, else every one the oracle pins (oracle/go.vX.Y.mod), into `versions`.
oracle_versions() {
  versions=()
  if [ $# -gt 0 ]; then
    versions=("$@")
    return
  fi
  local mod v
  for mod in oracle/go.v*.mod; do
    v=${mod#oracle/go.}
    versions+=("${v%.mod}")
  done
}
