#!/usr/bin/env bash
# What javac's warm-up costs the first deployment. lsbaws:serve compiles the project's sources in
# the Maven JVM (reload.CompilerWarmUp), so that the first save finds javac warm; it began while
# the first generation deployed, and on a machine with few cores the two competed, so it now
# begins once the first generation serves. This serves a sample ROUNDS times
# each way, alternating: as it is, and with -Dlsbaws.compileOnSave=false (the server compiles
# nothing, so there is no warm-up; everything else is the same), its learned requests removed
# before each start; prints for each start the time from launching Maven to the banner and the
# application's own "Started ... in" line (Spring Boot), then the medians. Asserts nothing.
# usage: scripts/compile-warmup-cost.sh [SAMPLE=spring-boot-app] [ROUNDS=3]   (MVN_ARGS as in lib.sh)
SAMPLE=${1:-spring-boot-app}
ROUNDS=${2:-3}
SERVE_PROJECT=$(cd "$(dirname "$0")/.." && pwd)/src/it/$SAMPLE
source "$(dirname "$0")/lib.sh"
START_TIMEOUT=${START_TIMEOUT:-600}
install_plugin
mvn_ -q -B -f "$SERVE_PROJECT/pom.xml" process-classes > /dev/null
echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"

declare -A BANNER=() STARTED=()
# measure NAME ARGS...: one start; appends its figures to NAME's lists.
measure() {
  local name=$1 launched banner_ms started
  shift
  forget_learned
  launched=$(now_ms)
  start_server "$@" > /dev/null
  banner_ms=$(( $(now_ms) - launched ))
  started=$(grep -m1 -oE 'Started [A-Za-z]+ in [0-9.]+ seconds' "$SERVER_LOG" | grep -oE '[0-9.]+' | head -1 || true)
  stop_server > /dev/null
  printf '%-12s launch to banner %6.1f s; the application started in %s s (load %s)\n' "$name" "${banner_ms}e-3" \
    "${started:--}" "$(cut -d' ' -f1 /proc/loadavg)"
  BANNER[$name]+="$banner_ms "
  STARTED[$name]+="${started:-0} "
}
for _ in $(seq "$ROUNDS"); do
  measure warm-up
  measure none -Dlsbaws.compileOnSave=false
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
for name in warm-up none; do
  printf '%-12s medians: launch to banner %s ms; the application started in %s s\n' "$name" \
    "$(median <<<"${BANNER[$name]}")" "$(median <<<"${STARTED[$name]}")"
done
