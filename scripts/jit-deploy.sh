#!/usr/bin/env bash
# A generation's deployment with the JIT (-Dlsbaws.jit=deploy: compiled while it deploys, the JIT
# retired before its first fork) against -Dlsbaws.jit=off (interpreted throughout), for a sample
# (src/it/spring-boot-app by default), one after the other on the same machine. Prints for each:
# the seconds from launching lsbaws:serve (compiled project) to the banner, the generation's
# "JIT retired" line, the CPU seconds the generation's parent had used by then (its compiler threads
# included: a figure the machine's load moves less than the wall time), and the time in the child (the access log's figure) p50 of REQUESTS GETs of
# PATH once it is learned, with the load average at that moment. Every server is stopped by pid
# and checked gone.
# JIT_MODES: the values of -Dlsbaws.jit measured after the interpreted default ("deploy"; with
# "children" the generation keeps its compiled code for its children: server.CompiledChildren).
# LEARNED_BY_FIRST=1: the JIT modes start with the requests the interpreted run learned (PATH:
# the generation replays it before its first fork) instead of none.
# JIT_EXTRA: more JVM flags for the JIT modes' server JVMs (JIT_EXTRA=-XX:-ProfileInterpreter).
# usage: [JIT_MODES="deploy children"] scripts/jit-deploy.sh [SAMPLE=spring-boot-app] [PATH=/guestbook/] [REQUESTS=30]
#        (MVN_ARGS=-Dmaven.repo.local=... as in lib.sh)
SERVE_PROJECT=$(cd "$(dirname "$0")/.." && pwd)/src/it/${1:-spring-boot-app}
source "$(dirname "$0")/lib.sh"
PATH_=${2:-/guestbook/}
REQUESTS=${3:-30}
install_plugin
mvn_ -q -B -f "$SERVE_PROJECT/pom.xml" process-classes > /dev/null
echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"

# measure NAME ARGS...: serves the sample with ARGS and prints its figures.
measure() {
  local name=$1 started from
  shift
  local learned=
  [ "$name" != interpreted ] && [ -n "${LEARNED_BY_FIRST:-}" ] && learned=1
  [ -n "$learned" ] || forget_learned
  started=$(date +%s%3N)
  start_server -Dlsbaws.reload=false "$@" > /dev/null
  printf '%-12s %6.1f s launch to banner (load %s); the generation had used %s s of CPU\n' "$name" \
    "$(( $(date +%s%3N) - started ))e-3" "$(cut -d' ' -f1 /proc/loadavg)" "$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$SERVER_PID/stat")"
  settle "$PATH_" "${START_TIMEOUT:-120}" # a framework's learned generation deploys as long as the first
  grep -oE 'JIT (retired|stopped).*' "$SERVER_LOG" | tail -1 | sed "s/^/$name (the generation that serves) /" || true
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null -m 60 "http://127.0.0.1:$SERVER_PORT$PATH_" || echo "a GET failed" >&2; done
  sleep 1
  printf '%-12s child p50 %s ms over %d GETs of %s (load %s); children killed by the watchdog: %s\n' "$name" \
    "$(child_times "$SERVER_LOG" "$from" | p50)" "$REQUESTS" "$PATH_" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(grep -c 'exceeded the request timeout' "$SERVER_LOG" || true)"
  stop_server > /dev/null
}
measure interpreted -Dlsbaws.jvmArgs=-Dlsbaws.jit=off # the size rule would deploy a large sample with the JIT
for mode in ${JIT_MODES:-deploy}; do
  measure "jit=$mode" "-Dlsbaws.jvmArgs=-Dlsbaws.jit=$mode${JIT_EXTRA:+ $JIT_EXTRA}"
done
