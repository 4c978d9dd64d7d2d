#!/usr/bin/env bash
# Checks that the documented commands work on a machine with only a JDK: clones the committed
# HEAD of this repository into a temporary folder (with ../shared beside it when there is one),
# and runs scripts/check-docs.sh there with no Maven on the PATH and an empty home, so that the
# wrapper (./mvnw) fetches Maven and every dependency afresh. Uncommitted changes are not seen.
# usage: scripts/check-fresh-clone.sh [FILE.md ...]   (the clone's README.md and docs/*.md by
# default; a FILE outside the repository is copied into the clone's folder and checked there)
# KEEP=1 keeps the temporary folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/lsbaws-fresh.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
git clone --quiet "$ROOT" "$WORK/lsbaws"
echo "clone of $(git -C "$ROOT" rev-parse --short HEAD) in $WORK/lsbaws"
[ -d "$ROOT/../shared" ] && ln -s "$(cd "$ROOT/../shared" && pwd)" "$WORK/shared"
# every command on the PATH but Maven's
mkdir "$WORK/bin" "$WORK/home"
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  for tool in "$dir"/*; do
    name=${tool##*/}
    case $name in mvn|mvnDebug|mvnyjp|mvnd) continue ;; esac
    [ -x "$tool" ] && [ ! -e "$WORK/bin/$name" ] && ln -s "$tool" "$WORK/bin/$name"
  done
done
docs=()
for doc in "$@"; do
  cp "$doc" "$WORK/lsbaws/.check-$(basename "$doc")"
  docs+=("$WORK/lsbaws/.check-$(basename "$doc")")
done
cd "$WORK/lsbaws"
# Java takes user.home from the password database, not from HOME: Maven's ~/.m2 needs both.
env -i HOME="$WORK/home" MAVEN_OPTS="-Duser.home=$WORK/home" PATH="$WORK/bin" TERM=dumb LANG=C.UTF-8 \
  bash -c 'command -v mvn >/dev/null && { echo "mvn is still on the PATH" >&2; exit 1; }
           echo "java: $(command -v java); no mvn on the PATH; home $HOME (empty)"
           exec scripts/check-docs.sh "$@"' check-docs "${docs[@]}"
