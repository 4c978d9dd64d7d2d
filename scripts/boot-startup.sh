#!/usr/bin/env bash
# Time from the command to the first 200 of the Spring Boot sample (src/it/spring-boot-app),
# served by "mvn lsbaws:serve" and by "mvn spring-boot:run", one after the other in the same run,
# each from a compiled project (process-classes done before the clock starts) on a free 127.0.0.1
# port, PATH requested every 0.2 s until it answers 200. Every process each command started is
# stopped by pid and checked gone, with its port.
# usage: scripts/boot-startup.sh [PATH=/guestbook/] [-Pboot3]
source "$(dirname "$0")/lib.sh"
PATH_=${1:-/guestbook/}
PROFILES=("${@:2}")
SERVE_PROJECT=$ROOT/src/it/spring-boot-app
install_plugin
# compiled, and both goals' plugins resolved (spring-boot:help), before any clock starts
mvn_ -q -B -f "$SERVE_PROJECT/pom.xml" "${PROFILES[@]}" process-classes spring-boot:help > /dev/null

trap stop_run EXIT

# first_200 NAME GOAL ARGS...: runs Maven with GOAL on a free port; prints the seconds to the first 200.
first_200() {
  local name=$1 started code=
  shift
  started=$(date +%s%3N)
  start_run "$name" "$SERVE_PROJECT" -o "${PROFILES[@]}" "$@"
  until [ "$code" = 200 ]; do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then
      tail -30 "$RUN_LOG" >&2; echo "$name exited before answering 200" >&2; exit 1
    fi
    if [ $(( $(date +%s%3N) - started )) -gt 600000 ]; then
      echo "$name: no 200 within 600 s (log $RUN_LOG)" >&2; exit 1
    fi
    sleep 0.2
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 60 "http://127.0.0.1:$RUN_PORT$PATH_" || true)
  done
  printf '%-18s %8.1f s to the first 200 of %s\n' "$name" "$(( $(date +%s%3N) - started ))e-3" "$PATH_"
  stop_run
}

echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
forget_learned
first_200 lsbaws:serve lsbaws:serve -Dlsbaws.port=PORT -Dlsbaws.reload=false
first_200 spring-boot:run spring-boot:run -Dspring-boot.run.arguments=--server.port=PORT
