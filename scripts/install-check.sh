#!/usr/bin/env bash
# Installs talgen the ways the README tells users to, each into an empty prefix, and runs `talgen --version` (and,
# for the global installs, a real render of examples/basic):
#   npm install -g git+file://…#vX.Y.Z   (a bare repository of HEAD with a release tag made by scripts/release.mjs)
#   npm install -g ./talgen-X.Y.Z.tgz     (from `npm pack` in a source checkout, whose stdout must be the file name only)
#   npx from both
# Needs git, npm and the npm registry (for talgen's runtime dependencies). Run by .ci/run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p "require('$root/package.json').version")"
work="$(mktemp -d "${TMPDIR:-/tmp}/talgen-install-XXXXXX")"
trap 'rm -rf "$work"' EXIT

expect_version() { # $1: how it was installed, $2…: the command printing the version
  local how="$1" out; shift
  out="$("$@")"
  case "$out" in
    "talgen/$version "*) echo "install-check: $how: ok ($out)" ;;
    *) echo "install-check: $how: unexpected --version output: $out" >&2; exit 1 ;;
  esac
}

tag="$("$root/scripts/bare-release.sh" "$work")"

npm install -g --prefix "$work/from-git" "git+file://$work/talgen.git#$tag" >/dev/null
expect_version "npm install -g git+file://…#$tag" "$work/from-git/bin/talgen" --version

# pre-commit reads `npm pack`'s stdout as the tarball name: it must be exactly that.
packed="$(cd "$work/src" && npm pack 2>/dev/null)"
if [ "$packed" != "talgen-$version.tgz" ]; then
  echo "install-check: npm pack printed more than the tarball name on stdout:" >&2
  printf '%s\n' "$packed" >&2
  exit 1
fi
npm install -g --prefix "$work/from-tgz" "$work/src/$packed" >/dev/null
expect_version "npm install -g ./$packed" "$work/from-tgz/bin/talgen" --version

# --version loads none of the commands (dist/bundle/main.cjs): each install also renders the bundled example (SOPS decryption,
# every node, the talosconfig) and validates one node config.
expect_render() { # $1: how it was installed, $2: the installed talgen
  local how="$1" bin="$2" dir
  dir="$(mktemp -d "$work/render-XXXXXX")"
  cp -r "$root/examples/basic/." "$dir/" && rm -rf "$dir/clusterconfig"
  (cd "$dir" && SOPS_AGE_KEY_FILE=age-test-key.txt "$bin" genconfig >/dev/null && "$bin" validate nodeconfig clusterconfig/homelab-*.yaml >/dev/null)
  echo "install-check: $how: genconfig + validate nodeconfig ok"
}
expect_render "npm install -g git+file://…#$tag" "$work/from-git/bin/talgen"
expect_render "npm install -g ./$packed" "$work/from-tgz/bin/talgen"

cd "$work"
expect_version "npx git+file://…#$tag" npx --yes --package="git+file://$work/talgen.git#$tag" talgen --version
expect_version "npx ./$packed" npx --yes --package="$work/src/$packed" talgen --version
