#!/usr/bin/env bash
# How a child's restore ends the waits nothing in the child can end, in an application of your
# own (a Spring Boot or Spring 6.1+ application, unchanged), served by lsbaws:serve with
# -Dlsbaws.restore.timing=true: REQUESTS fresh connections to each of PATHS from two curl loops at
# once, then REQUESTS more from `ab -c 4` on the first path; prints the answers that were not 200,
# the children's restores counted by the waits they ended (and on what), how long after its
# interrupt a restoring thread was seen out of its wait, and the children that failed a request
# with an interrupt ("Interrupted during connection acquisition" is HikariCP's). Asserts nothing;
# the server is stopped by pid and checked gone (lib.sh).
# usage: scripts/restore-interrupts.sh APP_DIR [REQUESTS=150] [PATHS="/owners?lastName= /owners/1"]
#        (MVN_ARGS=-Dmaven.repo.local=... as in lib.sh; the application must build offline or online as it is)
source "$(dirname "$0")/lib.sh"
APP=${1:?usage: scripts/restore-interrupts.sh APP_DIR [REQUESTS] [PATHS]}
REQUESTS=${2:-150}
read -r -a PATHS <<<"${3:-/owners?lastName= /owners/1}"
command -v ab >/dev/null || { echo "ab is missing: apt-get install -y apache2-utils" >&2; exit 2; }
SERVE_PROJECT=$(cd "$APP" && pwd)
VERSION=$(sed -n "s:.*<version>\(.*\)</version>.*:\1:p" "$ROOT/pom.xml" | head -1)
SERVE_GOAL=io.github.lsbaws:lsbaws-maven-plugin:$VERSION:serve # the application does not declare the plugin
OUT=$(mktemp -d /tmp/lsbaws-restore-interrupts.XXXXXX)
cleanup() { stop_all; rm -rf "$OUT"; }
START_TIMEOUT=${START_TIMEOUT:-900} start_server -Dlsbaws.requestTimeout=300 -Dlsbaws.jvmArgs=-Dlsbaws.restore.timing=true
trap cleanup EXIT # start_server installed its own
drive() { # one loop of fresh connections over PATHS
  for i in $(seq "$REQUESTS"); do
    local path=${PATHS[$((i % ${#PATHS[@]}))]}
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 300 "http://127.0.0.1:$SERVER_PORT$path" >> "$OUT/$1"
  done
}
drive a & A=$!
drive b & B=$!
wait "$A" "$B"
ab -q -n "$REQUESTS" -c 4 "http://127.0.0.1:$SERVER_PORT${PATHS[0]}" > "$OUT/ab" 2>&1 || true
sleep 1 # the last lines are written after the responses
echo "curl: $(cat "$OUT/a" "$OUT/b" | wc -l) answers, not 200: $(cat "$OUT/a" "$OUT/b" | grep -vc '^200$' || true)"
echo "ab: $(grep -E 'Complete requests|Failed requests|Non-2xx' "$OUT/ab" | tr -s ' ' | paste -sd ';' -)"
echo "restores by waits ended:"
grep -o 'waits for a thread of the parent ended: .*' "$SERVER_LOG" | sed -E 's/ \((seen out of it [0-9]+ ms|not seen out of it)[^)]*\)//g' \
  | sort | uniq -c | sed 's/^/  /'
grep -oE 'seen out of it [0-9]+ ms' "$SERVER_LOG" | awk '{n++; if ($5 >= 4) late++} END {printf "seen out of a wait after its interrupt: %d, of them 4 ms or later (two polls): %d\n", n, late}'
echo "unexpected waits logged: $(grep -c 'an afterRestore waited with no time limit' "$SERVER_LOG" || true)"
for pid in $(grep -E '" 5[0-9][0-9] ' "$SERVER_LOG" | grep -oE 'pid=[0-9]+' | cut -d= -f2); do
  echo "  child $pid answered 5xx after: $(grep -o "child $pid: restored.*" "$SERVER_LOG" | cut -c1-160)"
done
echo "requests failed by an interrupt: $(grep -c '^Caused by: .*Interrupted during connection acquisition' "$SERVER_LOG" || true)"
