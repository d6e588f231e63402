#!/usr/bin/env bash
# Usage: scripts/bare-release.sh WORKDIR
# A bare git repository of this checkout's HEAD with its release tag (vX.Y.Z from package.json, made by
# scripts/release.mjs in a clone), as users install it: WORKDIR/talgen.git. Prints the tag. Used by
# scripts/install-check.sh and test/precommit/. Needs node_modules in this checkout (the release builds dist/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$1"
tag="v$(node -p "require('$root/package.json').version")"
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-talgen-release}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-release@talgen.invalid}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-talgen-release}" GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-release@talgen.invalid}"
git clone -q --no-checkout "$root" "$work/src"
git -C "$work/src" checkout -q "$(git -C "$root" rev-parse HEAD)"
ln -s "$root/node_modules" "$work/src/node_modules"
node "$work/src/scripts/release.mjs" "$tag" >/dev/null
git clone -q --bare "$work/src" "$work/talgen.git"
echo "$tag"
