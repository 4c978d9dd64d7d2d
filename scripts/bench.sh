#!/usr/bin/env bash
# Throughput benchmark: serves the bundled hello app and prints
#  1. ../shared/bench/compare.sh: this server against the seeds' reference Python fork server,
#     connection per request, alternating rounds, and the ratio;
#  2. wrk with latency percentiles (requests/s, p50, p99), connection per request;
#  3. the cost of one fork of a server parent and of a fork + exit + wait cycle.
# The server warms /hello up in the parent (-Dlsbaws.warmup), as a user serving a fixed page would.
# 127.0.0.1 only; every load is bounded in time. usage: scripts/bench.sh [SECONDS_PER_ROUND=10] [ROUNDS=3]
source "$(dirname "$0")/lib.sh"
SECS=${1:-10}
ROUNDS=${2:-3}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
COMPARE="$ROOT/../shared/bench/compare.sh"
start_server -Dlsbaws.warmup=/hello
curl -s -o /dev/null "http://127.0.0.1:$SERVER_PORT/hello"
echo "== compare.sh (connection per request, 32 connections)"
if [ -x "$COMPARE" ] || [ -f "$COMPARE" ]; then
  bash "$COMPARE" "$SERVER_PORT" /hello "$SECS" "$ROUNDS" 32
else
  echo "skipped: $COMPARE not found (it lives in the shared folder beside the repository)"
fi
echo "== wrk --latency (connection per request, 32 connections, ${SECS}s)"
wrk -t2 -c32 -d"${SECS}s" --timeout 5s --latency -H 'Connection: close' "http://127.0.0.1:$SERVER_PORT/hello" \
  | awk '/Requests\/sec/ {print "requests/s: " $2} / 50%/ {print "p50: " $2} / 99%/ {print "p99: " $2}'
stop_server
echo "== fork cost of a server parent"
(cd "$ROOT" && mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
java -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/bench-classpath.txt")" io.github.lsbaws.server.ForkCost 2000
