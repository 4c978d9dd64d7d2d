#!/usr/bin/env bash
# Throughput benchmark: serves the bundled hello app and prints
#  1. ../shared/bench/compare.sh: this server against the seeds' reference Python fork server,
#     connection per request, alternating rounds, and the ratio;
#  2. wrk with latency percentiles (requests/s, p50, p99), connection per request, and the CPU
#     the server spent per connection (parent + reaped children, from /proc/PID/stat): a figure
#     that does not depend on what else the machine runs; the reference server is measured the same way;
#  3. the cost of one fork of a server parent and of a fork + exit + wait cycle, and of the same
#     cycle for a CPython process.
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
# CPU time of a process and of its reaped children, in milliseconds.
cpu_millis() { awk -v tick="$(getconf CLK_TCK)" '{print ($14 + $15 + $16 + $17) * 1000 / tick}' "/proc/$1/stat"; }
# wrk with latency percentiles against URL, and the CPU per connection of server PID.
measure() {
  local before after out
  before=$(cpu_millis "$2")
  out=$(wrk -t2 -c32 -d"${SECS}s" --timeout 5s --latency -H 'Connection: close' "$1")
  sleep 0.5 # the last children are reaped
  after=$(cpu_millis "$2")
  awk -v cpu="$(python3 -c "print($after - $before)")" '/Requests\/sec/ {print "requests/s: " $2} / 50%/ {print "p50: " $2}
    / 99%/ {print "p99: " $2} /requests in/ {printf "server CPU per connection: %.2f ms\n", cpu / $1}' <<<"$out"
}
echo "== wrk --latency (connection per request, 32 connections, ${SECS}s)"
measure "http://127.0.0.1:$SERVER_PORT/hello" "$SERVER_PID"
stop_server
REFERENCE="$ROOT/../shared/bench/reference_fork_server.py"
if [ -f "$REFERENCE" ]; then
  echo "== the same against the reference Python fork server"
  REF_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 "$REFERENCE" "$REF_PORT" >/dev/null 2>&1 &
  REF_PID=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$REF_PORT/" && break; sleep 0.1; done
  measure "http://127.0.0.1:$REF_PORT/" "$REF_PID"
  kill "$REF_PID"; wait "$REF_PID" 2>/dev/null || true
  if accepts_connections "$REF_PORT"; then
    echo "FAIL: the reference server still accepts connections" >&2; exit 1
  fi
fi
echo "== fork cost of a server parent"
(cd "$ROOT" && mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
java -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/bench-classpath.txt")" io.github.lsbaws.server.ForkCost 2000
# The same cycle for CPython, the reference server's runtime: the machine's price of a fork, which
# sets the scale of every figure above (it differs several-fold between machines of the same kind).
echo "== fork + _exit + waitpid of a CPython process, for scale"
python3 -c '
import os, time
for round in (1, 2, 3):
    start = time.perf_counter()
    for _ in range(500):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    print("round %d: fork+exit+wait %.0f us" % (round, (time.perf_counter() - start) * 1e6 / 500))'
