#!/usr/bin/env bash
# Reload benchmark: serves a copy of src/it/reload-on-save, keeps a connection-per-request load on
# it (wrk, 4 connections, 127.0.0.1), makes EDITS edits of a source file and prints, for each, the
# time from the save to the first response carrying the new text; then the median and the maximum,
# and what the load saw: requests, non-2xx answers, socket errors (connect, read: resets, write,
# timeout).
# TRIGGER=save (default): saving is enough, lsbaws:serve compiles. TRIGGER=compile: the server does
# not compile (-Dlsbaws.compileOnSave=false); `mvn -q -o compile` after each save does, as an IDE or
# a second terminal would, and the time includes it.
# usage: scripts/reload.sh [EDITS=10] ; TRIGGER=compile scripts/reload.sh 5
set -euo pipefail
EDITS=${1:-10}
TRIGGER=${TRIGGER:-save}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/lsbaws-reload.XXXXXX)
cp -r "$HERE/../src/it/reload-on-save/." "$WORK/"
SERVE_PROJECT=$WORK
source "$HERE/lib.sh"
EXTRA=()
[ "$TRIGGER" = compile ] && EXTRA=(-Dlsbaws.compileOnSave=false)
start_server "${EXTRA[@]}"
WORDS="$WORK/src/main/java/com/example/reload/Words.java"
URL="http://127.0.0.1:$SERVER_PORT/hello"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); trigger: $TRIGGER"
LOAD_OUT=$(mktemp /tmp/lsbaws-reload-load.XXXXXX)
wrk -t1 -c4 -d$((EDITS * 20 + 10))s --timeout 10s -H 'Connection: close' "$URL" > "$LOAD_OUT" 2>&1 &
LOAD_PID=$!
trap 'kill "$LOAD_PID" 2>/dev/null || true; stop_all; rm -rf "$WORK" "$LOAD_OUT"' EXIT
sleep 2
times=()
for i in $(seq "$EDITS"); do
  sed -i -E "s/GREETING = \"[^\"]*\"/GREETING = \"Edit $i\"/" "$WORDS"
  saved=$(now_ms)
  [ "$TRIGGER" = compile ] && (cd "$WORK" && mvn_ -q -o -B compile)
  until curl -s "$URL" | grep -q "^Edit $i, "; do
    if [ $(( $(now_ms) - saved )) -gt 60000 ]; then echo "edit $i: not served within 60 s" >&2; exit 1; fi
    sleep 0.01
  done
  t=$(( $(now_ms) - saved ))
  times+=("$t")
  echo "edit $i: new text served $t ms after the save"
  sleep 3
done
kill -INT "$LOAD_PID"; wait "$LOAD_PID" || true
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "save to new text: median %d ms, max %d ms (%d edits)\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[NR], NR}'
awk '/requests in/ {print "load: " $1 " requests"} /Non-2xx/ {print "non-2xx or 3xx: " $NF} /Socket errors/ {print "socket errors: " $0}' "$LOAD_OUT"
grep -q "Non-2xx" "$LOAD_OUT" || echo "non-2xx or 3xx: 0"
grep -q "Socket errors" "$LOAD_OUT" || echo "socket errors: none"
grep "Reloaded in" "$SERVER_LOG" | sed 's/^/  server: /' | tail -n "$EDITS"
