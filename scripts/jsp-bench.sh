#!/usr/bin/env bash
# A JSP page served by lsbaws and by Jetty 12: src/it/servlet-jsp's /owners (Spring MVC, a JSP
# view with JSTL c:forEach and fmt, a jsp:include, a tag file, an EL function). Under lsbaws:serve
# (learning on): the first request's time in the child, then, once the generation that learned
# the path serves, the p50 of the time in the child (access log) and of the client's time (curl's
# time_total, a new connection each) over REQUESTS sequential requests. Under jetty:run (-Pjetty,
# Jetty's ee10 with its own Apache Jasper): the client's p50 over as many requests after as many
# warm-up requests (Jetty logs no time per request). Also the server's start-up, from launching
# Maven to its serving, with the pages already compiled in target/lsbaws/jsp or not.
# Prints figures, asserts nothing; 127.0.0.1 only; every server is stopped by pid and checked gone.
# usage: scripts/jsp-bench.sh [REQUESTS=100]
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-100}
PAGE=/owners
START_TIMEOUT=600 # the first start compiles every page in the interpreted parent
install_plugin
SERVE_PROJECT="$ROOT/src/it/servlet-jsp"
(cd "$SERVE_PROJECT" && mvn_ -q -B test-compile)

echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-34s %10s %12s %11s %10s\n' server "start-up" "first child" "child p50" "curl p50"
curl_times() { for _ in $(seq "$REQUESTS"); do curl -s -o /dev/null -w '%{time_total}\n' "$1"; done | awk '{print $1 * 1000}'; }

# lsbaws, compiling every page at start (scratch directory removed), then with them compiled
for scratch in removed kept; do
  [ "$scratch" = removed ] && rm -rf "$SERVE_PROJECT/target/lsbaws/jsp"
  forget_learned
  started=$(date +%s%3N)
  start_server > /dev/null
  startup=$(( $(date +%s%3N) - started ))
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  settle "$PAGE" > /dev/null
  first=$(child_times "$SERVER_LOG" "$from" | head -1)
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  curls=$(curl_times "http://127.0.0.1:$SERVER_PORT$PAGE")
  sleep 0.5 # the last access lines are written
  printf '%-34s %7s ms %9s ms %8s ms %7s ms\n' "lsbaws:serve (pages $( [ "$scratch" = removed ] && echo "compiled at start" || echo "already compiled"))" \
    "$startup" "$first" "$(child_times "$SERVER_LOG" "$from" | p50)" "$(p50 <<<"$curls")"
  stop_server > /dev/null
done

# Jetty 12 (jetty:run) on the same sample
JETTY_LOG=$(mktemp /tmp/lsbaws-jsp-jetty.XXXXXX.log)
PORT=$(free_port)
STOP_PORT=$(free_port)
started=$(date +%s%3N)
(cd "$SERVE_PROJECT" && exec "$MVN" "${MVN_EXTRA[@]}" -B -Pjetty -Dsample.port="$PORT" -Djetty.stop.port="$STOP_PORT" jetty:run) > "$JETTY_LOG" 2>&1 &
JETTY_PID=$!
stop_jetty() {
  kill -TERM "$JETTY_PID" 2>/dev/null || true
  wait "$JETTY_PID" 2>/dev/null || true
  if [ -d "/proc/$JETTY_PID" ]; then echo "FAIL: Jetty's Maven JVM $JETTY_PID still running" >&2; exit 1; fi
  if accepts_connections "$PORT"; then echo "FAIL: port $PORT still accepts connections" >&2; exit 1; fi
  rm -f "$JETTY_LOG"
}
trap 'stop_jetty; stop_all' EXIT
await_log "$JETTY_PID" "$JETTY_LOG" 'Started oejs\.Server' 300 || exit 1
startup=$(( $(date +%s%3N) - started ))
URL="http://127.0.0.1:$PORT$PAGE"
first=$(curl -s -o /dev/null -w '%{time_total}\n' "$URL" | awk '{print $1 * 1000}')
curl_times "$URL" > /dev/null
printf '%-34s %7s ms %9s ms %11s %7s ms\n' "jetty:run (first: curl's time)" "$startup" "$first" "-" "$(curl_times "$URL" | p50)"
stop_jetty
trap stop_all EXIT
echo "every server stopped; nothing left running"
