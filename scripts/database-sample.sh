#!/usr/bin/env bash
# The database sample (src/it/servlet-database: Spring MVC, tomcat-jdbc, in-memory H2) served by
# lsbaws:serve and by Jetty's jetty:run on this machine, one after the other; prints, asserting
# nothing:
#  - the start-up: from launching Maven to the first 200 of GET /notes (a page that reads the
#    database), the build included;
#  - lsbaws: the time in the child (the access log's figure) p50 of REQUESTS GETs of /notes once
#    the path is learned, and curl's time_total p50 of the same requests;
#  - Jetty: curl's time_total p50 of REQUESTS GETs of /notes after as many to warm it.
# Both servers are stopped by pid; the script fails if one, a child, or the H2 server is left.
# usage: scripts/database-sample.sh [REQUESTS=100]   (MVN_ARGS=-Dmaven.repo.local=... as in lib.sh)
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-100}
WORK=$(mktemp -d /tmp/lsbaws-database-sample.XXXXXX)
JETTY_PID=
JETTY_PORT=
status_of() { curl -s -o /dev/null -w '%{http_code}' "$1" || true; }
# await_200 URL PID: waits (up to 180 s) until URL answers 200 while PID lives.
await_200() {
  for _ in $(seq 1800); do
    [ "$(status_of "$1")" = 200 ] && return 0
    kill -0 "$2" 2>/dev/null || { echo "the server ended before answering $1" >&2; return 1; }
    sleep 0.1
  done
  echo "no 200 from $1 within 180 s" >&2; return 1
}
stop_jetty() {
  [ -n "$JETTY_PID" ] || return 0
  kill -TERM "$JETTY_PID" 2>/dev/null || true
  wait "$JETTY_PID" 2>/dev/null || true
  if [ -d "/proc/$JETTY_PID" ]; then echo "FAIL: Jetty's Maven JVM $JETTY_PID still running" >&2; exit 1; fi
  if accepts_connections "$JETTY_PORT"; then echo "FAIL: port $JETTY_PORT still accepts connections" >&2; exit 1; fi
  JETTY_PID=
}
cleanup() { stop_all; stop_jetty; rm -rf "$WORK"; }
trap cleanup EXIT

install_plugin
cp -r "$ROOT/src/it/webapp-parent" "$ROOT/src/it/servlet-database" "$WORK/"
SERVE_PROJECT="$WORK/servlet-database"
(cd "$SERVE_PROJECT" && mvn_ -q -B process-classes)

echo "== lsbaws:serve"
START=$(now_ms)
read -r -a SERVE_ARGS <<<"${SERVE_ARGS:-}" # more -D properties for lsbaws:serve
start_server "${SERVE_ARGS[@]}"
trap cleanup EXIT # start_server installed its own
await_200 "${SERVER_URL}notes" "$MVN_PID"
echo "start-up: $(($(now_ms) - START)) ms from launching Maven to the first 200 of GET /notes"
grep -m1 -o 'Database: .*until lsbaws stops' "$SERVER_LOG" || echo "note: no database banner"
settle /notes
FROM=$(($(wc -l < "$SERVER_LOG") + 1))
CURL=$(for _ in $(seq "$REQUESTS"); do curl_ms "${SERVER_URL}notes"; done | p50)
sleep 1 # the last access lines are written after the responses
echo "GET /notes, $REQUESTS requests: child time p50 $(child_times "$SERVER_LOG" "$FROM" | p50) ms; curl time_total p50 $CURL ms"
H2_PID=$(grep -m1 -oE 'kept by an H2 server \([^,]+, pid [0-9]+' "$SERVER_LOG" | grep -oE '[0-9]+$' || true)
stop_server
if [ -n "$H2_PID" ] && [ -d "/proc/$H2_PID" ]; then echo "FAIL: the H2 server $H2_PID is left" >&2; exit 1; fi

echo "== jetty:run"
JETTY_PORT=$(free_port)
STOP_PORT=$(free_port)
JETTY_LOG="$WORK/jetty.log"
START=$(now_ms)
(cd "$SERVE_PROJECT" && exec "$MVN" "${MVN_EXTRA[@]}" -B -Pjetty -Dsample.port="$JETTY_PORT" -Djetty.stop.port="$STOP_PORT" jetty:run) \
  > "$JETTY_LOG" 2>&1 &
JETTY_PID=$!
await_200 "http://127.0.0.1:$JETTY_PORT/notes" "$JETTY_PID" || { tail -40 "$JETTY_LOG" >&2; exit 1; }
echo "start-up: $(($(now_ms) - START)) ms from launching Maven to the first 200 of GET /notes"
for _ in $(seq "$REQUESTS"); do curl_ms "http://127.0.0.1:$JETTY_PORT/notes" > /dev/null; done
echo "GET /notes, $REQUESTS requests: curl time_total p50 $(for _ in $(seq "$REQUESTS"); do curl_ms "http://127.0.0.1:$JETTY_PORT/notes"; done | p50) ms"
stop_jetty
echo "both stopped; nothing left running"
