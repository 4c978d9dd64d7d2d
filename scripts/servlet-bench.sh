#!/usr/bin/env bash
# A Spring MVC application's JSON endpoint next to an HttpHandler's, both served as the README
# says (learning on, no warmup): the first request's time in the child (cold), then, once the
# generation that learned the path serves, the p50 of the time in the child (access log) and of
# the client's time (curl's time_total, a new connection each) over REQUESTS sequential requests.
# Also the Spring application's start-up: from launching Maven to the banner, and the deployment
# alone. 127.0.0.1 only; every server is stopped by pid and checked gone.
# usage: scripts/servlet-bench.sh [REQUESTS=100]
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-100}
install_plugin


# serve_and_measure SAMPLE PATH: one row.
serve_and_measure() {
  local sample=$1 path=$2 started from curls first
  SERVE_PROJECT="$ROOT/src/it/$sample"
  forget_learned
  started=$(date +%s%3N)
  start_server > /dev/null
  local startup=$(( $(date +%s%3N) - started ))
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  settle "$path" > /dev/null
  first=$(child_times "$SERVER_LOG" "$from" | head -1)
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  curls=$(for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$SERVER_PORT$path"; done)
  sleep 0.5 # the last access lines are written
  printf '%-20s %-28s %8s ms %9s ms %9s ms %9s ms\n' "$sample" "$path" "$startup" "$first" \
    "$(child_times "$SERVER_LOG" "$from" | p50)" "$(awk '{print $1 * 1000}' <<<"$curls" | p50)"
  stop_server > /dev/null
}

echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-20s %-28s %11s %12s %12s %12s\n' sample path "start-up" "first child" "child p50" "curl p50"
serve_and_measure servlet-spring-mvc /api/greetings/bench
serve_and_measure httphandler-hello "/hello?name=bench"
