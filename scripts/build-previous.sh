#!/usr/bin/env bash
# Builds exec-javascript as it was at commit REV into
# target/components/bench/exec-javascript-previous.wasm, for `just bench` to
# measure this build against (`just bench-previous REV`). The commit is
# checked out in a worktree under target/ and built with its own settings;
# only the JavaScript guest is built, into a target dir of its own.
set -euo pipefail
rev=${1:?usage: scripts/build-previous.sh REV}
root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$root" rev-parse --verify "$rev^{commit}")
tree="$root/target/previous/tree"
out="$root/target/components/bench"
rm -rf "$tree"
git -C "$root" worktree prune
git -C "$root" worktree add --detach --force "$tree" "$commit" >/dev/null
trap 'git -C "$root" worktree remove --force "$tree"' EXIT
(cd "$tree" && cargo build --release --target wasm32-wasip2 -p exec-javascript \
    --target-dir "$root/target/previous/guest")
mkdir -p "$out"
cp "$root/target/previous/guest/wasm32-wasip2/release/exec_javascript.wasm" "$out/exec-javascript-previous.wasm"
git -C "$root" log -1 --format='%h' "$commit" > "$out/exec-javascript-previous.rev"
echo "exec-javascript at $(cat "$out/exec-javascript-previous.rev"): $out/exec-javascript-previous.wasm"
