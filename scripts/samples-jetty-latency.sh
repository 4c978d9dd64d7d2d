#!/usr/bin/env bash
# Jetty's latency for the servlet-spring-mvc sample's JSON endpoints, the figures lsbaws serving
# the same sample is to be compared with. Jetty 12 (jetty:run, -Pjetty) serves a copy of the
# sample on a free 127.0.0.1 port; the script prints
#  - the start-up: from launching Maven to Jetty's "Started" line, and the build's share of it;
#  - the first request after Jetty has started (its code paths not yet run), for each endpoint;
#  - p50/p90/p99 of REQUESTS sequential curl requests per endpoint (each curl a new connection,
#    time_total as curl measures it) after a warm-up of as many.
# It asserts nothing, stops Jetty by pid and fails if Jetty or its port is left.
# Needs the plugin's test jar in the local repository: the script installs the plugin first
# (MAVEN_OPTS=-Dmaven.repo.local=... to use another repository).
# usage: scripts/samples-jetty-latency.sh [REQUESTS=200] [MAVEN_ARGS...]   e.g. 200 -Pspring7
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQUESTS=${1:-200}
shift || true
WORK=$(mktemp -d /tmp/lsbaws-samples-latency.XXXXXX)
MVN_PID=
PORT=

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
accepts_connections() { python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $1)) != 0)"; }
now_ms() { date +%s%3N; }

stop_jetty() {
  if [ -n "$MVN_PID" ]; then
    kill -TERM "$MVN_PID" 2>/dev/null || true
    wait "$MVN_PID" 2>/dev/null || true
    if [ -d "/proc/$MVN_PID" ]; then echo "FAIL: Jetty's Maven JVM $MVN_PID still running" >&2; exit 1; fi
    if accepts_connections "$PORT"; then echo "FAIL: port $PORT still accepts connections" >&2; exit 1; fi
    echo "Jetty stopped; nothing left running"
    MVN_PID=
  fi
  rm -rf "$WORK"
}
trap stop_jetty EXIT

# p50 p90 p99 of the milliseconds on standard input
percentiles() { sort -n | awk '{v[NR]=$1} END {printf "p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  (%d requests)\n", v[int(NR*0.5+0.5)], v[int(NR*0.9+0.5)], v[int(NR*0.99+0.5)], NR}'; }
get_ms() { curl -s -o /dev/null -w '%{time_total}\n' "$1" | awk '{print $1 * 1000}'; }
post_ms() { curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' --data "$2" "$1" | awk '{print $1 * 1000}'; }

(cd "$ROOT" && mvn -q -B install -DskipTests)
cp -r "$ROOT/src/it/webapp-parent" "$ROOT/src/it/servlet-spring-mvc" "$WORK/"
SAMPLE="$WORK/servlet-spring-mvc"
(cd "$SAMPLE" && mvn -q -B -o test-compile "$@")
PORT=$(free_port)
STOP_PORT=$(free_port)
LOG="$WORK/jetty.log"
START=$(now_ms)
(cd "$SAMPLE" && exec mvn -B -o -Pjetty "$@" -Dsample.port="$PORT" -Djetty.stop.port="$STOP_PORT" jetty:run) > "$LOG" 2>&1 &
MVN_PID=$!
for _ in $(seq 1200); do
  grep -q 'Started oejs.Server' "$LOG" && break
  kill -0 "$MVN_PID" 2>/dev/null || { cat "$LOG" >&2; echo "Jetty did not start" >&2; exit 1; }
  sleep 0.1
done
grep -q 'Started oejs.Server' "$LOG" || { echo "Jetty did not start within 120 s" >&2; exit 1; }
STARTED=$(now_ms)
echo "$(grep -m1 -oE 'Started oejs.Server@[^ ]+' "$LOG") on 127.0.0.1:$PORT, Maven args: ${*:-(none)}"
echo "start-up: $((STARTED - START)) ms from launching Maven (Jetty's own: $(grep -m1 -oE '@[0-9]+ms' "$LOG" | tr -d '@'))"

GET="http://127.0.0.1:$PORT/api/greetings/Ada?salutation=Hi"
POST="http://127.0.0.1:$PORT/api/orders"
ORDER='{"item":"book","quantity":3,"unitPriceCents":1250}'
echo "first request, GET  /api/greetings/Ada: $(get_ms "$GET") ms"
echo "first request, POST /api/orders:        $(post_ms "$POST" "$ORDER") ms"
for _ in $(seq "$REQUESTS"); do get_ms "$GET" > /dev/null; post_ms "$POST" "$ORDER" > /dev/null; done
echo -n "steady, GET  /api/greetings/Ada (JSON out):     "
for _ in $(seq "$REQUESTS"); do get_ms "$GET"; done | percentiles
echo -n "steady, POST /api/orders (JSON in and out):     "
for _ in $(seq "$REQUESTS"); do post_ms "$POST" "$ORDER"; done | percentiles
