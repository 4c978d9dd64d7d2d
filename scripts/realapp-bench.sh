#!/usr/bin/env bash
# A real application's figures, lsbaws side by side with the servers a developer would otherwise
# use, one after the other in one run on this machine; prints one table, asserts nothing.
# The application: src/it/spring-boot-app (a lending library: Spring Data JPA over Hibernate, five
# entities, H2 filled by schema.sql and data.sql, Thymeleaf pages in one layout, validation,
# Caffeine caching, Bootstrap from a webjar), copied to a scratch directory and edited there.
#  - lsbaws:serve (-Dlsbaws.requestTimeout=300: a cold child on a busy machine is not cut short):
#    command -> first 200 of PAGE (asked for from the command on, as for spring-boot:run: the
#    request waits in lsbaws's socket, which listens from the start); the deployments its log reports; once the
#    generation that learned PAGE and its assets serves, REQUESTS requests of each: time in the
#    child (access log) p50 and client time (curl's time_total) p50, while the JVMs started after
#    the first generation (the standby deploying ahead, a learned generation) still deploy beside
#    the children; one request of each of pages never served; the same REQUESTS requests again
#    once those JVMs are done and the pages just served are learned; then a method-body edit of a
#    controller (its heading) and a structural edit (a new handler method), each timed from the
#    save to the first response a client gets with the new text, counting the requests that
#    failed meanwhile and whether an entry written before the edit is still there.
#  - spring-boot:run: command -> first 200, then the same pages: the first request of each page
#    never served, and the p50 of REQUESTS requests after as many to warm it.
#  - spring-boot:run with Spring Boot DevTools (the sample's -Pdevtools): the same two edits, each
#    compiled with "mvn compile" as a developer without an IDE does; the time from the classes
#    written to the new text (DevTools' restart) and from the save (the compile included).
#  - the war sample against jetty:run, through scripts/database-sample.sh.
# PARTS="lsbaws boot war" (the default) chooses what runs; a figure of a part not run is "-".
# RUN_TIMEOUT (900): the seconds any start, learned generation or reload is waited for.
# Every wait is bounded; everything listens on 127.0.0.1 on free ports; every process started is
# stopped by pid and checked gone with its port (the script fails if one is left).
# usage: scripts/realapp-bench.sh [REQUESTS=20] [-Pboot3]   (MVN_ARGS=-Dmaven.repo.local=... as in lib.sh)
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-20}
PROFILES=("${@:2}")
PARTS=${PARTS:-lsbaws boot war}
part() { [[ " $PARTS " == *" $1 "* ]]; }
PAGE=/guestbook/books
ASSETS=(/guestbook/css/site.css /guestbook/images/shelf.png /guestbook/webjars/bootstrap/css/bootstrap.min.css)
NEVER_SERVED=(/guestbook/members/find "/guestbook/members?lastName=Lund" /guestbook/members/3 /guestbook/genres
  /guestbook/books/7 /guestbook/books/new /guestbook/members/3/loans/new)
HEADING='Books on the shelves'
CONTROLLER=src/main/java/com/example/guestbook/books/BookController.java
RUN_TIMEOUT=${RUN_TIMEOUT:-900} # seconds for anything to start or reload, on a busy machine
START_TIMEOUT=$RUN_TIMEOUT
WORK=$(mktemp -d /tmp/lsbaws-realapp.XXXXXX)
SERVE_PROJECT=$WORK/spring-boot-app

FIRST_POLLER=
cleanup() { [ -z "$FIRST_POLLER" ] || kill "$FIRST_POLLER" 2>/dev/null || true; stop_run; stop_all; rm -rf "$WORK"; }
trap cleanup EXIT

# fresh_copy: the sample as committed, compiled, before any clock starts.
fresh_copy() {
  rm -rf "$SERVE_PROJECT"
  cp -r "$ROOT/src/it/spring-boot-app" "$SERVE_PROJECT"
  rm -rf "$SERVE_PROJECT/target"
  mvn_ -q -B -f "$SERVE_PROJECT/pom.xml" "${PROFILES[@]}" -Pdevtools process-classes spring-boot:help > /dev/null
}

# await_200 URL PID [SECONDS]: waits until URL answers 200 while PID lives.
await_200() {
  local deadline=$((SECONDS + ${3:-$RUN_TIMEOUT}))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -m 120 "$1" || true)" = 200 ]; do
    kill -0 "$2" 2>/dev/null || { echo "the server ended before answering 200 at $1" >&2; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "no 200 from $1 within ${3:-$RUN_TIMEOUT} s" >&2; return 1; }
    sleep 0.2
  done
}

# curl_times BASE PATH N: N requests of PATH, a new connection each; curl's time_total in ms, one a line.
curl_times() { for _ in $(seq "$3"); do curl_ms "$1$2"; done; }

# access_times PATH FROM_LINE COUNT: the child times (ms) of the access lines of PATH in the server's
# log from FROM_LINE on, once COUNT are there (a line is written after its response; up to 20 s).
access_times() {
  local pattern=" \"GET ${1//\?/\\?} HTTP/1\\.1\" " found
  for _ in $(seq 100); do
    found=$(tail -n +"$2" "$SERVER_LOG" | grep -v 'in the parent' | grep -E "$pattern" || true)
    [ "$(grep -c . <<<"$found")" -ge "$3" ] && break
    sleep 0.2
  done
  sed -nE 's/.* ([0-9]+\.[0-9]+)ms gen=[0-9]+ pid=[0-9]+$/\1/p' <<<"$found"
}

# measure_pages CURL CHILD: REQUESTS requests of PAGE and of each asset from lsbaws, one at a time;
# the p50 of the client's time and of the child's (its access log) into the arrays named CURL and CHILD.
measure_pages() {
  local -n curl_p50=$1 child_p50=$2
  local path from
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  for path in "$PAGE" "${ASSETS[@]}"; do
    curl_p50[$path]=$(curl_times "$BASE" "$path" "$REQUESTS" | p50)
    child_p50[$path]=$(access_times "$path" "$from" "$REQUESTS" | p50)
  done
}

# await_warmed COUNT SECONDS: waits until the server's log says COUNT times that a generation that
# learned serves.
await_warmed() {
  local deadline=$((SECONDS + $2))
  until [ "$(grep -c 'Warmed up: generation' "$SERVER_LOG")" -ge "$1" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "note: no generation learned within $2 s" >&2; return 0; }
    kill -0 "$MVN_PID" 2>/dev/null || { echo "the server ended" >&2; exit 1; }
    sleep 0.5
  done
}

# await_ahead SECONDS: waits until the standby an edit would take has deployed the application
# ahead (a standby is started at the first generation and after each reload, and only an edit's
# generation takes it: one "deployed ahead" line more than "Reloaded" lines); prints the seconds waited.
await_ahead() {
  local deadline=$((SECONDS + $1)) waited=$SECONDS reloads
  while :; do
    reloads=$(grep -c 'Reloaded in' "$SERVER_LOG" || true)
    [ "$(grep -c 'deployed ahead in' "$SERVER_LOG" || true)" -gt "$reloads" ] && break
    grep -q 'deploying .* ahead for the next reload failed' "$SERVER_LOG" && break
    [ "$SECONDS" -lt "$deadline" ] || { echo "note: the standby did not deploy ahead within $1 s" >&2; break; }
    kill -0 "$MVN_PID" 2>/dev/null || { echo "the server ended" >&2; exit 1; }
    sleep 0.5
  done
  echo $((SECONDS - waited))
}

# The two edits a developer makes. edit_body N: the controller's heading changed; edit_structure N:
# a handler method added (a new path).
edit_body() { sed -i "s/\"$HEADING[^\"]*\"/\"$HEADING, edit $1\"/" "$SERVE_PROJECT/$CONTROLLER"; }
edit_structure() {
  python3 - "$SERVE_PROJECT/$CONTROLLER" "$1" <<'EOF'
import sys
path, n = sys.argv[1], sys.argv[2]
source = open(path).read().rstrip()
method = f'''
    @org.springframework.web.bind.annotation.GetMapping("/books/count{n}")
    @org.springframework.web.bind.annotation.ResponseBody
    public String count{n}() {{
        return "{n}: " + books.count() + " books";
    }}
}}
'''
open(path, "w").write(source[:source.rindex("}")] + method)
EOF
}
# shown_body BASE N / shown_structure BASE N: whether a client gets edit N's text now.
shown_body() { curl -s -m 30 "$1$PAGE" | grep -q "$HEADING, edit $2"; }
shown_structure() { curl -s -m 30 "$1/guestbook/books/count$2" | grep -q "^$2: [0-9]* books"; }

# until_shown KIND BASE N FROM_MS: polls until edit N of KIND is shown; prints the ms since FROM_MS
# and the requests that failed meanwhile (no answer or not 200/404/400).
until_shown() {
  local kind=$1 base=$2 n=$3 from=$4 failed=0 code
  while ! "shown_$kind" "$base" "$n"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 30 "$base$PAGE" || true)
    [ "$code" = 200 ] || failed=$((failed + 1))
    if [ $(( $(now_ms) - from )) -gt $((RUN_TIMEOUT * 1000)) ]; then echo "timeout $failed"; return; fi
    sleep 0.05
  done
  echo "$(( $(now_ms) - from )) $failed"
}

# sign BASE TEXT: a guestbook entry written; signed BASE TEXT: whether it is still on the page.
sign() { curl -s -o /dev/null -m 60 --data-urlencode author=Bench --data-urlencode "message=$2" "$1/guestbook/entries"; }
signed() { curl -s -m 60 "$1/guestbook/" | grep -q "$2" && echo kept || echo lost; }

# seconds MS: MS as seconds; "timeout" (until_shown's) as what it means.
seconds() {
  case $1 in
    timeout) echo "not shown within $RUN_TIMEOUT s" ;;
    -) echo - ;;
    *) awk -v ms="$1" 'BEGIN {printf "%.1f s", ms / 1000}' ;;
  esac
}
# every figure "-" until its part measures it
LS_FIRST=- RUN_FIRST=- DEPLOYS=- LEARNED_STARTS=- RELOAD_STARTS=- REPLAYS_KILLED=- RUN_STARTED=- DEV_RESTARTS=-
body_ms=- body_failed=- body_kept=- ahead_wait=- ahead_at_start=- struct_ms=- struct_failed=- struct_kept=- never_child=- never_curl=- run_never=-
dev_body_save=- dev_body_classes=- dev_body_compile=- dev_body_failed=- dev_body_kept=-
dev_struct_save=- dev_struct_classes=- dev_struct_compile=- dev_struct_failed=- dev_struct_kept=-
declare -A LS_CURL=() LS_CHILD=() LS_CURL_QUIET=() LS_CHILD_QUIET=() RUN_CURL=()
for path in "$PAGE" "${ASSETS[@]}"; do
  LS_CURL[$path]=-; LS_CHILD[$path]=-; LS_CURL_QUIET[$path]=-; LS_CHILD_QUIET[$path]=-; RUN_CURL[$path]=-
done
declare -A LSBAWS=() ANCHOR=()
FIGURES=()
figure() { FIGURES+=("$1"); LSBAWS[$1]=$2; ANCHOR[$1]=$3; }

install_plugin
echo "realapp-bench: $(date -u '+%Y-%m-%d %H:%M UTC'); JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1);" \
  "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

### lsbaws:serve
if part lsbaws; then
fresh_copy
echo "== lsbaws:serve"
SERVE_PORT=$(free_port)
started=$(now_ms)
# The page asked for from the command on, as a browser reloading it would, and as for spring-boot:run
# below: lsbaws listens from its start, so the request waits there for the application.
(await_200 "http://127.0.0.1:$SERVE_PORT$PAGE" $$ && now_ms > "$WORK/first-200") &
FIRST_POLLER=$!
# a request may take longer than the default 30 s in a cold child on a busy machine: not cut short here
start_server -Dlsbaws.requestTimeout=300 "${PROFILES[@]}" > /dev/null
trap cleanup EXIT # start_server installed its own
wait "$FIRST_POLLER" || { echo "lsbaws:serve never answered $PAGE with 200" >&2; exit 1; }
FIRST_POLLER=
LS_FIRST=$(( $(cat "$WORK/first-200") - started ))
BASE=http://127.0.0.1:$SERVER_PORT
for asset in "${ASSETS[@]}"; do curl -s -o /dev/null "$BASE$asset"; done # as a browser loads the page
await_warmed 1 "$RUN_TIMEOUT"
measure_pages LS_CURL LS_CHILD
from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
never_curl=$(for path in "${NEVER_SERVED[@]}"; do curl_ms "$BASE$path"; done | p50)
never_child=$(for path in "${NEVER_SERVED[@]}"; do access_times "$path" "$from" 1 | head -1; done | p50)
# the same pages again once no other server JVM deploys beside the children (the standby ahead, a learned one)
ahead_at_start=$(await_ahead "$RUN_TIMEOUT")
await_warmed 2 "$RUN_TIMEOUT"
measure_pages LS_CURL_QUIET LS_CHILD_QUIET
sign "$BASE" "before-edit-$$"
edit_body 1; saved=$(now_ms)
read -r body_ms body_failed < <(until_shown body "$BASE" 1 "$saved")
body_kept=$(signed "$BASE" "before-edit-$$")
sign "$BASE" "before-structure-$$"
# the standby's deployment ahead is what a structural edit's reload builds on: the edit is timed once it is done
[ "${AWAIT_AHEAD:-1}" = 1 ] && ahead_wait=$(await_ahead "$RUN_TIMEOUT")
edit_structure 2; saved=$(now_ms)
read -r struct_ms struct_failed < <(until_shown structure "$BASE" 2 "$saved")
struct_kept=$(signed "$BASE" "before-structure-$$")
sleep 1
DEPLOYS=$(grep -oE 'Started [A-Za-z]+ in [0-9.]+ seconds' "$SERVER_LOG" | head -1 | grep -oE '[0-9.]+ seconds' | sed 's/ seconds/ s/' || true)
LEARNED_STARTS=$(grep -oE 'Warmed up: generation [0-9]+ .*\(started in [0-9]+ ms' "$SERVER_LOG" | grep -oE '[0-9]+ ms$' | paste -sd, - | sed 's/,/, /g' || true)
RELOADS=$(grep -oE 'Reloaded in [0-9]+ ms \([^;)]*' "$SERVER_LOG" | sed 's/ (generation [0-9]*: / (/' | paste -sd';' - | sed 's/;/; /g' || true)
RELOAD_STARTS=$(grep -oE 'Reloaded in .*started in [0-9]+ ms' "$SERVER_LOG" | grep -oE '[0-9]+ ms$' | paste -sd, - | sed 's/,/, /g' || true)
REDEFINED=$(grep -c 'Redefined' "$SERVER_LOG" || true)
REPLAYS_KILLED=$(grep -c 'took over [0-9]* ms in a new server parent' "$SERVER_LOG" || true)
H2_PID=$(grep -m1 -oE 'kept by an H2 server \([^,]+, pid [0-9]+' "$SERVER_LOG" | grep -oE '[0-9]+$' || true)
stop_server > /dev/null
if [ -n "$H2_PID" ] && [ -d "/proc/$H2_PID" ]; then echo "FAIL: the H2 server $H2_PID is left" >&2; exit 1; fi
echo "   reloads as the server logged them: ${RELOADS:-none}; lines saying Redefined: $REDEFINED"
fi

### spring-boot:run, without and with DevTools
if part boot; then
fresh_copy
echo "== spring-boot:run"
started=$(now_ms)
start_run spring-boot:run "$SERVE_PROJECT" "${PROFILES[@]}" spring-boot:run "-Dspring-boot.run.arguments=--server.port=PORT --server.address=127.0.0.1"
await_200 "http://127.0.0.1:$RUN_PORT$PAGE" "$RUN_PID"
RUN_FIRST=$(( $(now_ms) - started ))
BASE=http://127.0.0.1:$RUN_PORT
RUN_STARTED=$(grep -oE 'Started [A-Za-z]+ in [0-9.]+ seconds' "$RUN_LOG" | head -1 | grep -oE '[0-9.]+ seconds' | sed 's/ seconds/ s/' || true)
run_never=$(for path in "${NEVER_SERVED[@]}"; do curl_ms "$BASE$path"; done | p50)
for path in "$PAGE" "${ASSETS[@]}"; do
  curl_times "$BASE" "$path" "$REQUESTS" > /dev/null
  RUN_CURL[$path]=$(curl_times "$BASE" "$path" "$REQUESTS" | p50)
done
stop_run

fresh_copy
echo "== spring-boot:run -Pdevtools"
start_run devtools "$SERVE_PROJECT" "${PROFILES[@]}" -Pdevtools spring-boot:run \
  "-Dspring-boot.run.arguments=--server.port=PORT --server.address=127.0.0.1 --spring.devtools.livereload.enabled=false"
await_200 "http://127.0.0.1:$RUN_PORT$PAGE" "$RUN_PID"
BASE=http://127.0.0.1:$RUN_PORT
# dev_edit KIND N: the edit saved, compiled; prints save->text ms, classes->text ms, compile ms, failed, data
dev_edit() {
  local saved compiled shown failed
  sign "$BASE" "devtools-$1-$$"
  "edit_$1" "$2"; saved=$(now_ms)
  mvn_ -q -B -o -f "$SERVE_PROJECT/pom.xml" "${PROFILES[@]}" -Pdevtools compile > /dev/null
  compiled=$(now_ms)
  read -r shown failed < <(until_shown "$1" "$BASE" "$2" "$compiled")
  if [ "$shown" = timeout ]; then
    echo "timeout timeout $((compiled - saved)) $failed $(signed "$BASE" "devtools-$1-$$")"
  else
    echo "$((shown + compiled - saved)) $shown $((compiled - saved)) $failed $(signed "$BASE" "devtools-$1-$$")"
  fi
}
read -r dev_body_save dev_body_classes dev_body_compile dev_body_failed dev_body_kept < <(dev_edit body 1)
read -r dev_struct_save dev_struct_classes dev_struct_compile dev_struct_failed dev_struct_kept < <(dev_edit structure 2)
DEV_RESTARTS=$(grep -oE 'Started [A-Za-z]+ in [0-9.]+ seconds' "$RUN_LOG" | tail -n +2 | grep -oE '[0-9.]+ seconds' | sed 's/ seconds/ s/' | paste -sd, - | sed 's/,/, /g' || true)
stop_run
fi

figure "command → first 200 of $PAGE" "lsbaws:serve $(seconds "$LS_FIRST")" "spring-boot:run $(seconds "$RUN_FIRST")"
figure "a generation's deployment (the server's log)" \
  "first: Boot's Started in ${DEPLOYS:-?}; learned: started in ${LEARNED_STARTS:-?}; reloads: started in ${RELOAD_STARTS:-?}; $REPLAYS_KILLED generation(s) stopped for a learned request replayed over the limit" \
  "Started in ${RUN_STARTED:-?} (JIT); DevTools restarts: ${DEV_RESTARTS:-?}"
figure "save → new text, method-body edit of a controller" \
  "$(seconds "$body_ms") ($body_failed failed; data $body_kept)" \
  "DevTools: $(seconds "$dev_body_save") from the save (compile $(seconds "$dev_body_compile")), $(seconds "$dev_body_classes") from the classes written ($dev_body_failed failed; data $dev_body_kept)"
figure "save → new text, a new handler method" \
  "$(seconds "$struct_ms") ($struct_failed failed; data $struct_kept; timed once the standby had deployed ahead: waited $ahead_wait s)" \
  "DevTools: $(seconds "$dev_struct_save") from the save (compile $(seconds "$dev_struct_compile")), $(seconds "$dev_struct_classes") from the classes written ($dev_struct_failed failed; data $dev_struct_kept)"
figure "$PAGE served before, beside the JVMs deploying after the start: child / client p50" "${LS_CHILD[$PAGE]} / ${LS_CURL[$PAGE]} ms" "warm p50 ${RUN_CURL[$PAGE]} ms"
figure "${#NEVER_SERVED[@]} pages never served, one request each: child / client p50" "$never_child / $never_curl ms" "first request p50 $run_never ms"
for asset in "${ASSETS[@]}"; do
  figure "static ${asset##*/}, beside the JVMs deploying after the start: child / client p50" "${LS_CHILD[$asset]} / ${LS_CURL[$asset]} ms" "warm p50 ${RUN_CURL[$asset]} ms"
done
for path in "$PAGE" "${ASSETS[@]}"; do
  figure "${path##*/}, once nothing else deploys (waited $ahead_at_start s more): child / client p50" \
    "${LS_CHILD_QUIET[$path]} / ${LS_CURL_QUIET[$path]} ms" "warm p50 ${RUN_CURL[$path]} ms"
done

if part war; then
  echo "== the war sample: scripts/database-sample.sh $REQUESTS"
  WAR_OUT=$("$ROOT/scripts/database-sample.sh" "$REQUESTS" 2>&1) || { echo "$WAR_OUT" >&2; exit 1; }
  starts=($(grep -oE '^start-up: [0-9]+ ms' <<<"$WAR_OUT" | grep -oE '[0-9]+' || true))
  war_ls=$(grep -m1 -oE 'child time p50 [0-9.]+ ms; curl time_total p50 [0-9.]+' <<<"$WAR_OUT" \
    | sed -E 's/child time p50 ([0-9.]+) ms; curl time_total p50 ([0-9.]+)/\1 \/ \2/' || true)
  war_jetty=$(grep -oE 'curl time_total p50 [0-9.]+ ms$' <<<"$WAR_OUT" | tail -1 | grep -oE '[0-9.]+ ms' || true)
  figure "war (servlet-database): command → first 200 of /notes, the build included" \
    "lsbaws:serve $(seconds "${starts[0]:--}")" "jetty:run $(seconds "${starts[1]:--}")"
  figure "war: /notes served before: child / client p50" "$war_ls ms" "jetty:run warm p50 $war_jetty"
fi

echo
echo "| figure | lsbaws | anchor |"
echo "|---|---|---|"
for f in "${FIGURES[@]}"; do echo "| $f | ${LSBAWS[$f]} | ${ANCHOR[$f]} |"; done
echo "small samples: scripts/reload.sh 10, scripts/bench.sh 10 3, scripts/boot-startup.sh (not run here)"
