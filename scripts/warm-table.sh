#!/usr/bin/env bash
# What makes a forked child warm, per application, on the JDK that runs Maven (JAVA_HOME): the
# time in the child (p50 of the access log's "x.yms", REQUESTS requests one at a time, connection
# per request, 127.0.0.1) of an application the server has never seen, served
#   cold        learning off, JDK first uses not prelinked (-Dlsbaws.learn=false, -Dlsbaws.prelink=none)
#   prelinked   learning off: the JDK's common first uses run in the parent (JdkFirstUses)
#   learned     as configured by default: the path requested once, then served by the generation
#               that replayed it (the first request, cold, is left out)
#   warmed      learning off, the path warmed up explicitly (-Dlsbaws.warmup=PATH)
# for src/it/wsgi-hello (/hello) and src/it/httphandler-pid ('+' and ProcessHandle.current()).
# usage: scripts/warm-table.sh [REQUESTS=40] ; JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/warm-table.sh
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-40}

# measure MODE PATH [-Dlsbaws.x=y ...]: prints the p50 of REQUESTS requests to PATH.
measure() {
  local mode=$1 path=$2 from
  shift 2
  forget_learned
  start_server "$@" > /dev/null
  [ "$mode" = learned ] && settle "$path" > /dev/null
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  for i in $(seq "$REQUESTS"); do curl -s -o /dev/null "http://127.0.0.1:$SERVER_PORT$path&n=$i"; done
  sleep 0.5 # the last access lines are written
  child_times "$SERVER_LOG" "$from" | p50
  stop_server > /dev/null
}

install_plugin # once, here: the measurements run in subshells
echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-18s %9s %11s %9s %9s\n' application cold prelinked learned warmed
for sample in wsgi-hello httphandler-pid; do
  SERVE_PROJECT="$ROOT/src/it/$sample"
  path="/hello?name=table"
  printf '%-18s %6s ms %8s ms %6s ms %6s ms\n' "$sample" \
    "$(measure cold "$path" -Dlsbaws.learn=false -Dlsbaws.jvmArgs=-Dlsbaws.prelink=none)" \
    "$(measure prelinked "$path" -Dlsbaws.learn=false)" \
    "$(measure learned "$path")" \
    "$(measure warmed "$path" -Dlsbaws.learn=false "-Dlsbaws.warmup=$path")"
done
