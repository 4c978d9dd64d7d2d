#!/usr/bin/env bash
# Reload benchmark: serves a copy of a sample, keeps a connection-per-request load on it (wrk, 4
# connections, 127.0.0.1), makes EDITS edits of a source file and prints, for each, the time from
# the save to the first response carrying the new text; then the median and the maximum, what the
# load saw (requests, non-2xx answers, socket errors: connect, read (resets), write, timeout), and
# the server's own lines for the edits.
# TRIGGER=save (default): saving is enough, lsbaws:serve compiles. TRIGGER=compile: the server does
# not compile (-Dlsbaws.compileOnSave=false); `mvn -q -o compile` after each save does, as an IDE or
# a second terminal would, and the time includes it.
# EDIT=constant (default): src/it/reload-on-save's greeting constant, which another class inlines:
#   a new generation. EDIT=body: the text in a method body of that sample's handler: redefined in
#   the serving generation.
# SAMPLE=spring-boot-app: the Spring Boot sample instead (src/it/spring-boot-app, JPA and H2,
#   deployed in tens of seconds by an interpreted generation); each edit changes a method body of
#   its controller (/guestbook/pid's answer). An entry is signed in the guestbook before the
#   first edit and must still be listed after the last: the database was not initialised again.
# usage: scripts/reload.sh [EDITS=10] ; TRIGGER=compile scripts/reload.sh 5 ; EDIT=body scripts/reload.sh 10 ;
#        SAMPLE=spring-boot-app scripts/reload.sh 5
set -euo pipefail
EDITS=${1:-10}
TRIGGER=${TRIGGER:-save}
EDIT=${EDIT:-constant}
SAMPLE=${SAMPLE:-reload-on-save}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/lsbaws-reload.XXXXXX)
cp -r "$HERE/../src/it/$SAMPLE/." "$WORK/"
SERVE_PROJECT=$WORK
source "$HERE/lib.sh"
EXTRA=()
[ "$TRIGGER" = compile ] && EXTRA=(-Dlsbaws.compileOnSave=false)
read -r -a SERVE_ARGS <<<"${SERVE_ARGS:-}" # more -D properties for lsbaws:serve, e.g. SERVE_ARGS=-Dlsbaws.jvmArgs=-Xlog:redefine+class+timer
EXTRA+=("${SERVE_ARGS[@]}")
if [ "$SAMPLE" = spring-boot-app ]; then
  EDIT=body
  EDITED="$WORK/src/main/java/com/example/guestbook/GuestbookController.java"
  PATH_=/guestbook/pid
  edit_source() { # the map the method answers gets an entry saying which edit this is
    sed -i -E 's/"edit", "Edit [0-9]+", //; s/return Map\.of\("pid", /return Map.of("edit", "Edit '"$1"'", "pid", /' "$EDITED"
  }
  new_text() { grep -q "\"edit\":\"Edit $1\""; }
  START_TIMEOUT=${START_TIMEOUT:-600}
  EXTRA+=(-Dlsbaws.requestTimeout=180) # the guestbook's first page, cold and interpreted, on a busy machine
else
  PATH_=/hello
  if [ "$EDIT" = body ]; then
    EDITED="$WORK/src/main/java/com/example/reload/Greeter.java"
    edit_source() { sed -i -E "s/\", [^\"]*\" \+ punctuation/\", edit $1\" + punctuation/" "$EDITED"; }
    new_text() { grep -q ", edit $1[!?.]"; }
  else
    EDITED="$WORK/src/main/java/com/example/reload/Words.java"
    edit_source() { sed -i -E "s/GREETING = \"[^\"]*\"/GREETING = \"Edit $1\"/" "$EDITED"; }
    new_text() { grep -q "^Edit $1, "; }
  fi
fi
(cd "$WORK" && mvn_ -q -o -B process-classes)
start_server "${EXTRA[@]}"
URL="http://127.0.0.1:$SERVER_PORT$PATH_"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); sample: $SAMPLE; trigger: $TRIGGER; edit: $EDIT"
if [ "$SAMPLE" = spring-boot-app ]; then
  curl -s -o /dev/null -d 'author=Before&message=signed+before+the+edits' "http://127.0.0.1:$SERVER_PORT/guestbook/entries"
  curl -s "http://127.0.0.1:$SERVER_PORT/guestbook/" | grep -q 'signed before the edits' || { echo "the entry was not signed" >&2; exit 1; }
fi
# The pages just requested are learned, and a generation that replays them deploys the application
# again: the edits start once it serves, as they would in a session that has been running a while
# (an edit while a generation starts goes to a new generation, docs/architecture.md).
curl -s -o /dev/null "$URL"
await_log "$MVN_PID" "$SERVER_LOG" 'Warmed up: generation' "${START_TIMEOUT:-120}" || echo "note: no generation warmed up"
LOAD_OUT=$(mktemp /tmp/lsbaws-reload-load.XXXXXX)
wrk -t1 -c4 -d$((EDITS * 20 + 10))s --timeout 10s -H 'Connection: close' "$URL" > "$LOAD_OUT" 2>&1 &
LOAD_PID=$!
trap 'kill "$LOAD_PID" 2>/dev/null || true; stop_all; rm -rf "$WORK" "$LOAD_OUT"' EXIT
sleep 2
times=()
for i in $(seq "$EDITS"); do
  edit_source "$i"
  saved=$(now_ms)
  [ "$TRIGGER" = compile ] && (cd "$WORK" && mvn_ -q -o -B compile)
  until curl -s "$URL" | new_text "$i"; do
    if [ $(( $(now_ms) - saved )) -gt 120000 ]; then echo "edit $i: not served within 120 s" >&2; exit 1; fi
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
if [ "$SAMPLE" = spring-boot-app ]; then
  if curl -s "http://127.0.0.1:$SERVER_PORT/guestbook/" | grep -q 'signed before the edits'; then
    echo "data: the entry signed before the edits is still listed"
  else
    echo "data: the entry signed before the edits is GONE" >&2; exit 1
  fi
fi
grep -E "Reloaded in|Redefined [0-9]+ class|could not redefine|a new generation:" "$SERVER_LOG" | sed 's/^/  server: /' | tail -n "$((EDITS * 2))"
