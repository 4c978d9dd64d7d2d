#!/usr/bin/env bash
# Benchmarks, 127.0.0.1 only, every load bounded in time; each mode first prints what the machine
# measured: its cores and load, the JDK, and the bare fork + _exit + waitpid cycle of a CPython
# process, which sets the scale of every other figure (it differs several-fold between machines
# of the same kind).
#
# usage: scripts/bench.sh [SECONDS_PER_ROUND=10] [ROUNDS=3]
#   Throughput of the bundled hello app (src/it/wsgi-hello) served as the README says, /hello
#   requested once first so that the server has learned it (warm by default):
#    1. ../shared/bench/compare.sh: this server against the seeds' reference Python fork server,
#       connection per request, alternating rounds, and the ratio;
#    2. wrk with latency percentiles (requests/s, p50, p99), connection per request, and the CPU
#       the server spent per connection (parent + reaped children, from /proc/PID/stat): a figure
#       that does not depend on what else the machine runs; the reference server measured the same way;
#    3. the cost of one fork of a server parent and of a fork + exit + wait cycle.
#
# usage: scripts/bench.sh --cold [CONNECTIONS=32]
#   An application the server has never seen (src/it/httphandler-pid: '+' concatenation and
#   ProcessHandle.current().pid(), compiled with javac's defaults, its learned requests removed),
#   served with no configuration: the time in the child (p50 of the access log's "x.yms") for
#   the first 100 requests and then per 10 s window, over a minute of wrk load (connection per
#   request) and a second minute of compare.sh rounds against the reference server, whose ratio
#   it prints; then the same with learning off (-Dlsbaws.learn=false: every child cold), and with
#   learning off and the path warmed up explicitly (-Dlsbaws.warmup=/hello?name=bench).
#
# usage: scripts/bench.sh --sweep [SECONDS_PER_POINT=10] [TSV=target/bench/sweep.tsv]
#   Requests/s against concurrent connections (1, 8, 32, 128), connection per request, for
#   lsbaws serving wsgi-hello's /hello as configured by default (warm once learned), the same
#   with learning off (cold children), and the reference fork server, rounds interleaved; with
#   the p50 of the client's latency and of the time in the child. Writes the figures to TSV as
#   well (scripts/chart.sh draws them).
#
# Maven is the repository's ./mvnw; MVN=mvn runs another, MVN_ARGS adds arguments (scripts/lib.sh).
source "$(dirname "$0")/lib.sh"
MODE=default
case "${1:-}" in
  --cold) MODE=cold; shift ;;
  --sweep) MODE=sweep; shift ;;
  -h|--help) sed -n '2,/^source/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  -*) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
esac
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
COMPARE="$ROOT/../shared/bench/compare.sh"

# What the machine measured, printed first by every mode; sets MACHINE (those lines) and
# CHART_LINE (the same in one line, for the chart).
machine() {
  local cores model load jdk forks
  cores=$(nproc)
  model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  jdk=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.vm.vendor/ {v=$2} /java.runtime.version/ {r=$2} END {print v " " r}')
  # CPython is the reference server's runtime: its fork is the machine's price of a fork.
  forks=$(python3 -c '
import os, time
for _ in range(3):
    start = time.perf_counter()
    for _ in range(500):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    print("%.0f" % ((time.perf_counter() - start) * 1e6 / 500))' | tr '\n' ' ')
  read -r -a forks <<<"$forks"
  MACHINE="cores: $cores ($model); load average: $load
kernel: $(uname -r)
JDK: $jdk
CPython fork + _exit + waitpid: ${forks[0]} us / ${forks[1]} us / ${forks[2]} us (3 rounds of 500)"
  CHART_LINE="$cores cores, JDK ${jdk##* }, CPython fork + _exit + waitpid $(printf '%s\n' "${forks[@]}" | sort -n \
    | awk 'NR == 2 {printf "%.2f", $1 / 1000}') ms, load $(cut -d' ' -f1 <<<"$load")"
}

# CPU time of a process and of its reaped children, in milliseconds.
cpu_millis() { awk -v tick="$(getconf CLK_TCK)" '{print ($14 + $15 + $16 + $17) * 1000 / tick}' "/proc/$1/stat"; }

# wrk_run URL CONNS SECONDS [--latency]: wrk's report, connection per request.
wrk_run() {
  local threads=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$2" -d"${3}s" --timeout 5s ${4:-} -H 'Connection: close' "$1" 2>&1
}

# wrk with latency percentiles against URL, and the CPU per connection of server PID.
measure() {
  local before after out
  before=$(cpu_millis "$2")
  out=$(wrk_run "$1" 32 "$SECS" --latency)
  sleep 0.5 # the last children are reaped
  after=$(cpu_millis "$2")
  awk -v cpu="$(python3 -c "print($after - $before)")" '/Requests\/sec/ {print "requests/s: " $2} / 50%/ {print "p50: " $2}
    / 99%/ {print "p99: " $2} /requests in/ {printf "server CPU per connection: %.2f ms\n", cpu / $1}' <<<"$out"
}


default_mode() {
  SECS=${1:-10}
  ROUNDS=${2:-3}
  forget_learned
  start_server
  settle /hello
  echo "== compare.sh (connection per request, 32 connections)"
  if [ -f "$COMPARE" ]; then
    bash "$COMPARE" "$SERVER_PORT" /hello "$SECS" "$ROUNDS" 32
  else
    echo "skipped: $COMPARE not found (it lives in the shared folder beside the repository)"
  fi
  echo "== wrk --latency (connection per request, 32 connections, ${SECS}s)"
  measure "http://127.0.0.1:$SERVER_PORT/hello" "$SERVER_PID"
  stop_server
  if start_reference; then
    echo "== the same against the reference Python fork server"
    measure "http://127.0.0.1:$REF_PORT/" "$REF_PID"
    stop_reference
  fi
  echo "== fork cost of a server parent"
  (cd "$ROOT" && mvn_ -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
  java -cp "$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/bench-classpath.txt")" io.github.lsbaws.server.ForkCost 2000
}

# cold_run CONNS LABEL [-Dlsbaws.x=y ...]: one server of httphandler-pid, two minutes of load.
cold_run() {
  local conns=$1 label=$2 url wrk_lines
  shift 2
  SERVE_PROJECT="$ROOT/src/it/httphandler-pid"
  forget_learned
  start_server "$@"
  url="${SERVER_URL}hello?name=bench"
  wrk_run "$url" "$conns" 60 > /dev/null
  wrk_lines=$(grep -c ' pid=' "$SERVER_LOG" || true)
  if [ -f "$COMPARE" ]; then
    echo "compare.sh, second minute (3 rounds of 10 s each way, $conns connections):"
    bash "$COMPARE" "$SERVER_PORT" "/hello?name=bench" 10 3 "$conns" | sed 's/^/  /'
  else
    echo "compare.sh skipped: $COMPARE not found"
  fi
  echo "time in the child, p50 (access log), $label:"
  printf '  %-24s %8s %9s\n' "requests" "served" "p50 ms"
  printf '  %-24s %8s %9s\n' "first 100" "$(child_times "$SERVER_LOG" | head -100 | wc -l)" \
    "$(child_times "$SERVER_LOG" | head -100 | p50)"
  # 10 s windows from the first access line, by the log's [HH:MM:SS] stamps
  python3 - "$SERVER_LOG" "$wrk_lines" <<'PY'
import re, sys
stamp = re.compile(r'^\[(\d\d):(\d\d):(\d\d)\] .* (\d+\.\d+)ms gen=\d+ pid=\d+$')
rows, start = [], None
for line in open(sys.argv[1], errors='replace'):
    m = stamp.match(line.rstrip('\n'))
    if not m:
        continue
    t = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
    if start is None:
        start = t
    rows.append(((t - start) % 86400, float(m[4])))
wrk_lines = int(sys.argv[2])
windows = {}
for i, (t, ms) in enumerate(rows):
    windows.setdefault(t // 10, []).append((ms, i < wrk_lines))
for w in sorted(windows):
    values = sorted(ms for ms, _ in windows[w])
    phase = 'wrk' if all(first for _, first in windows[w]) else 'compare.sh' if not any(first for _, first in windows[w]) else 'both'
    print('  %-24s %8d %9.2f' % ('%3d-%3d s (%s)' % (w * 10, w * 10 + 10, phase), len(values), values[(len(values) - 1) // 2]))
PY
  grep -h 'Warmed up: generation' "$SERVER_LOG" | sed 's/^/  /' || true
  stop_server
}

cold_mode() {
  local conns=${1:-32}
  echo "== never seen, no configuration: src/it/httphandler-pid, $conns connections, connection per request"
  cold_run "$conns" "learning (the default)"
  echo "== for reference: learning off (-Dlsbaws.learn=false): every child cold"
  cold_run "$conns" "learning off" -Dlsbaws.learn=false
  echo "== for reference: learning off, the path warmed up explicitly (-Dlsbaws.warmup=/hello?name=bench)"
  cold_run "$conns" "warmed up explicitly" -Dlsbaws.learn=false "-Dlsbaws.warmup=/hello?name=bench"
}

sweep_mode() {
  local secs=${1:-10} tsv=${2:-$ROOT/target/bench/sweep.tsv}
  mkdir -p "$(dirname "$tsv")"
  forget_learned
  start_server
  settle /hello
  local warm_url="${SERVER_URL}hello" warm_log=$SERVER_LOG
  start_server -Dlsbaws.learn=false
  local cold_url="${SERVER_URL}hello" cold_log=$SERVER_LOG
  start_reference || exit 1
  local ref_url="http://127.0.0.1:$REF_PORT/"
  echo "== sweep: connection per request, ${secs}s per point, rounds interleaved (warm, cold, reference)"
  { sed 's/^/# /' <<<"$MACHINE"; echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), ${secs}s per point"
    echo "# chart: $CHART_LINE, $(date -u +%Y-%m-%d), ${secs} s per point"
    printf 'connections\tserver\trequests_per_s\tlatency_p50_ms\tchild_p50_ms\trequests\terrors\n'; } > "$tsv"
  printf '%-12s %-11s %12s %15s %13s %8s\n' connections server requests/s "latency p50" "child p50" errors
  local conns name url log from out rps lat child n errors
  for conns in 1 8 32 128; do
    for name in warm cold reference; do
      case $name in
        warm) url=$warm_url log=$warm_log ;;
        cold) url=$cold_url log=$cold_log ;;
        reference) url=$ref_url log= ;;
      esac
      [ -z "$log" ] || from=$(( $(wc -l < "$log") + 1 ))
      out=$(wrk_run "$url" "$conns" "$secs" --latency)
      rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
      n=$(awk '/requests in/ {print $1}' <<<"$out")
      # socket errors (connect, read, write, timeout) and non-2xx answers
      errors=$(awk '/Socket errors/ {gsub(/,/, ""); e += $4 + $6 + $8 + $10} /Non-2xx/ {e += $NF} END {print e + 0}' <<<"$out")
      # wrk prints 812.00us, 21.40ms or 1.20s
      lat=$(awk '/ 50%/ {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
        printf "%.2f", u == "us" ? v / 1000 : u == "s" ? v * 1000 : v}' <<<"$out")
      if [ -n "$log" ]; then
        sleep 0.5 # the last access lines are written
        child=$(child_times "$log" "$from" | p50)
      else
        child=-
      fi
      printf '%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$conns" "$name" "$rps" "$lat" "$child" "$n" "$errors" >> "$tsv"
      printf '%-12s %-11s %12s %12s ms %10s ms %8s\n' "$conns" "$name" "$rps" "$lat" "$child" "$errors"
    done
  done
  echo "data: $tsv"
  stop_reference
  stop_server
}

machine
echo "== machine"
echo "$MACHINE"
case $MODE in
  default) default_mode "$@" ;;
  cold) cold_mode "$@" ;;
  sweep) sweep_mode "$@" ;;
esac
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
