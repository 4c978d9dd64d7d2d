#!/usr/bin/env bash
# What a deploying generation costs the children that serve: the Spring Boot sample
# (src/it/spring-boot-app) served by lsbaws:serve, a small page (SMALL_PATH, warmed up in the parent)
# requested one at a time, first with nothing else running, then while a new generation deploys
# the application (SIGHUP to the supervisor: a reload, until its "Reloaded in" line), once for
# each autogroup nice value of a deploying generation given (0: the priority left as it is;
# default "0 10"). Prints, for each, the time in the child (access log) and at the client
# (curl's time_total), p50 and p99, and how long the reload took. Every process is stopped by
# pid and checked gone.
# usage: scripts/deploy-priority.sh [REQUESTS=40] [NICE...]
#   (SMALL_PATH=/guestbook/css/site.css the page; PROFILES=-Pboot3 for Boot 3.5)
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-40}
NICES=("${@:2}")
[ ${#NICES[@]} -gt 0 ] || NICES=(0 10)
SMALL_PATH=${SMALL_PATH:-/guestbook/css/site.css}
read -r -a PROFILES <<<"${PROFILES:-}"
SERVE_PROJECT=$ROOT/src/it/spring-boot-app
START_TIMEOUT=${START_TIMEOUT:-900}
install_plugin
mvn_ -q -B -o -f "$SERVE_PROJECT/pom.xml" "${PROFILES[@]}" process-classes > /dev/null

# p99 of numbers on standard input (nearest rank), "-" if none.
p99() { sort -n | awk '{v[NR] = $1} END {if (NR) {i = int(NR * 0.99 + 0.999); printf "%.2f\n", v[i]} else print "-"}'; }

# request: one GET of SMALL_PATH; appends curl's time_total (ms) to the file $1.
request() {
  local total
  total=$(curl -s -o /dev/null -w '%{time_total}' -m 60 "http://127.0.0.1:$SERVER_PORT$SMALL_PATH")
  awk -v t="$total" 'BEGIN {printf "%.2f\n", t * 1000}' >> "$1"
}

# report NAME LOG_FROM CLIENT_FILE: p50/p99 of the times of generation 1's children (its access
# lines from line LOG_FROM on) and of curl's.
report() {
  local child
  child=$(tail -n +"$2" "$SERVER_LOG" | grep ' gen=1 pid=' | child_times /dev/stdin)
  printf '  %-34s %4d requests; child p50 %8s ms, p99 %8s ms; client p50 %8s ms, p99 %8s ms\n' "$1" \
    "$(wc -l < "$3")" "$(p50 <<<"$child")" "$(p99 <<<"$child")" "$(p50 < "$3")" "$(p99 < "$3")"
}

echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
echo "autogroups: $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo none) (1: on); cpu cgroup: $(grep -E ':(.*,)?cpu(,.*)?:' /proc/self/cgroup | cut -d: -f3 || true) (/: autogroups apply)"
for nice in "${NICES[@]}"; do
  forget_learned
  start_server "${PROFILES[@]}" -Dlsbaws.reload=false -Dlsbaws.learn=false -Dlsbaws.warmup="$SMALL_PATH" \
    "-Dlsbaws.jvmArgs=-Dlsbaws.deployNice=$nice"
  echo "deploying generation at autogroup nice $nice (0: as the serving one):"
  quiet=$(mktemp /tmp/deploy-priority.XXXXXX) during=$(mktemp /tmp/deploy-priority.XXXXXX)
  from=$(($(wc -l < "$SERVER_LOG") + 1))
  for _ in $(seq "$REQUESTS"); do request "$quiet"; done
  sleep 1 # the last access lines
  report "nothing deploying" "$from" "$quiet"
  from=$(($(wc -l < "$SERVER_LOG") + 1))
  kill -HUP "$SUPERVISOR_PID"
  reload_started=$(date +%s%3N)
  deadline=$((SECONDS + START_TIMEOUT))
  until grep -q 'Reloaded in' "$SERVER_LOG"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "no reload within $START_TIMEOUT s" >&2; exit 1; }
    kill -0 "$MVN_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; exit 1; }
    request "$during"
    sleep 0.2
  done
  reloaded=$(( $(date +%s%3N) - reload_started ))
  sleep 1
  # only the old generation's children: they served while the new one deployed
  report "while a generation deploys" "$from" "$during"
  printf '   the reload: %s ms to its "Reloaded" line (%s)\n' "$reloaded" "$(grep -o 'Reloaded in [0-9]* ms' "$SERVER_LOG" | head -1)"
  rm -f "$quiet" "$during"
  stop_server
done
