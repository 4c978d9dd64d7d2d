#!/usr/bin/env bash
# Two real applications nobody here wrote, unchanged, served by the installed plugin:
# spring-petclinic (Spring Boot, HikariCP, in-memory H2) and spring-framework-petclinic (a
# Spring war, tomcat-jdbc, logback scanning its file, in-memory H2), each
#  - under lsbaws:serve, stopped by SIGTERM to Maven, as a developer's Ctrl-C;
#  - under lsbaws:start and lsbaws:stop around the checks, in ONE Maven invocation of a project
#    whose POM does not mention lsbaws:
#      mvn process-classes lsbaws:start exec:exec lsbaws:stop
#    with exec:exec running this script's --requests mode on the URL start published
#    (-Dexec.args='... ${lsbaws.url} ...'): a check that fails does not fail the build, so that
#    lsbaws:stop still runs and reports what it left; this script judges the checks.
# The checks, each on a new connection: the home page, two pages that read the database, a
# static resource, POST of a new owner (a 302 to /owners/N), then that owner's page and a search
# for its unique last name. Then: the build's exit status (lsbaws:stop fails if a process or the
# port is left), and the supervisor, every generation, child and the H2 database server seen
# while it served gone, the port closed. Prints each check with its status and time, the start
# times and the load average; exits non-zero if a check failed.
#
# usage: scripts/real-apps.sh [--clone] SPRING_PETCLINIC_DIR SPRING_FRAMEWORK_PETCLINIC_DIR
#   The directories are checkouts, used as they are (their target/ is written). --clone clones
#   github.com/spring-projects/spring-petclinic and spring-petclinic/spring-framework-petclinic
#   into them first when they do not exist (the only network access the script makes itself).
#   The plugin must be installed in the local repository Maven uses (./mvnw install -DskipTests);
#   MVN_ARGS as in lib.sh (e.g. "-o -Dmaven.repo.local=/some/repo"), BOOT_ARGS and WAR_ARGS are
#   extra Maven arguments for one application only (e.g. WAR_ARGS=-Dhibernate.version=...).
#   MODES="serve start" and APPS="spring-petclinic spring-framework-petclinic" (the defaults)
#   choose what runs; RUN_TIMEOUT (900) bounds every wait for a start, REQUEST_TIMEOUT (300)
#   every request.
#   With -o, the local repository needs exec-maven-plugin 3.5.0 and the applications' test
#   dependencies too (exec:exec resolves them): run once without -o to fetch them.

# run_checks BASE_URL DATABASE_PAGE: the requests, each on a new connection (a curl each); one
# line per check: OK or FAIL, what, status, time.
run_checks() {
  local base=$1 page=$2 name out status time location owner
  name=Forkwell$(date +%s%N | tr 0-9 a-j) # a last name no other owner has
  out=$(mktemp)
  get() { # get WHAT PATH [CONTAINS]
    read -r status time < <(curl -sS -o "$out" -w '%{http_code} %{time_total}\n' -m "$REQUEST_TIMEOUT" "$base$2" || echo "000 0")
    if [ "$status" = 200 ] && { [ -z "${3:-}" ] || grep -q "$3" "$out"; }; then
      echo "OK   $1: GET $2 $status in $(ms "$time") ms${3:+, has $3}"
    else
      echo "FAIL $1: GET $2 $status in $(ms "$time") ms${3:+, $3 $(grep -c "$3" "$out") times}"
    fi
  }
  get "home page" /
  get "database page" "$page"
  get "owners (database)" "/owners?lastName="
  get "static resource" /resources/css/petclinic.css
  read -r status time location < <(curl -sS -o "$out" -w '%{http_code} %{time_total} %{redirect_url}\n' -m "$REQUEST_TIMEOUT" \
    --data-urlencode firstName=Ada --data-urlencode "lastName=$name" --data-urlencode 'address=1 Fork Street' \
    --data-urlencode city=Madison --data-urlencode telephone=6085551234 "$base/owners/new" || echo "000 0")
  owner=${location#"$base"}
  if [ "$status" = 302 ] && [[ $owner =~ ^/owners/[0-9]+$ ]]; then
    echo "OK   new owner: POST /owners/new $status in $(ms "$time") ms, at $owner"
    get "new owner found" "$owner" "$name"
  else
    echo "FAIL new owner: POST /owners/new $status in $(ms "$time") ms, Location '$location'"
  fi
  # one owner found: the search redirects to its page
  read -r status time location < <(curl -sS -o /dev/null -w '%{http_code} %{time_total} %{redirect_url}\n' -m "$REQUEST_TIMEOUT" \
    "$base/owners?lastName=$name" || echo "000 0")
  if [ "$status" = 302 ] && [ "${location#"$base"}" = "$owner" ]; then
    echo "OK   owner searched: GET /owners?lastName=$name $status in $(ms "$time") ms, to $owner"
  else
    echo "FAIL owner searched: GET /owners?lastName=$name $status in $(ms "$time") ms, to '$location' (not $owner)"
  fi
  rm -f "$out"
}
ms() { awk -v s="$1" 'BEGIN {printf "%d", s * 1000}'; }
REQUEST_TIMEOUT=${REQUEST_TIMEOUT:-300}

# watched SUPERVISOR: the supervisor and every process below it now (generations, children, the
# H2 server), one "pid command" a line.
watched() {
  local pid
  for pid in "$1" $(descendants "$1"); do
    if grep -qa org.h2.tools.Server "/proc/$pid/cmdline" 2>/dev/null; then echo "$pid H2-server"; else echo "$pid lsbaws"; fi
  done
}
if [ "${1:-}" = --requests ]; then
  # --requests URL DATABASE_PAGE RESULTS SUPERVISOR_LOG: the checks, run by exec:exec between
  # lsbaws:start and lsbaws:stop; always exits 0 (see above).
  URL=${2%/} PAGE=$3 RESULTS=$4 BUILD_LOG=$5
  source "$(dirname "$0")/lib.sh"
  set +e
  echo "started $(now_ms)" >> "$RESULTS"
  supervisor=$(grep -oE "serves .* at ${URL}/ \(pid [0-9]+" "$BUILD_LOG" | tail -1 | sed -E 's/.*pid //')
  [ -n "$supervisor" ] || echo "FAIL the server: no 'serves ... at $URL/ (pid N' line from lsbaws:start in $BUILD_LOG" >> "$RESULTS"
  [ -z "$supervisor" ] || watched "$supervisor" | sed 's/^/process /' >> "$RESULTS"
  run_checks "$URL" "$PAGE" >> "$RESULTS" 2>&1
  [ -z "$supervisor" ] || watched "$supervisor" | sed 's/^/process /' >> "$RESULTS"
  echo "checked $(now_ms)" >> "$RESULTS"
  exit 0
fi
source "$(dirname "$0")/lib.sh"
CLONE=
[ "${1:-}" = --clone ] && { CLONE=1; shift; }
[ $# -eq 2 ] || { sed -n '/^# usage/,/^$/p' "$0" >&2; exit 2; }
BOOT_DIR=$(realpath -m "$1")
WAR_DIR=$(realpath -m "$2")
MODES=${MODES:-serve start}
APPS=${APPS:-spring-petclinic spring-framework-petclinic}
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
PLUGIN="io.github.lsbaws:lsbaws-maven-plugin:$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)"
EXEC_PLUGIN=org.codehaus.mojo:exec-maven-plugin:3.5.0
read -r -a BOOT_EXTRA <<<"${BOOT_ARGS:-}"
read -r -a WAR_EXTRA <<<"${WAR_ARGS:-}"
WORK=$(mktemp -d /tmp/lsbaws-real-apps.XXXXXX)
FAILED=0

checkout() {
  [ -f "$1/pom.xml" ] && return 0
  [ -n "$CLONE" ] || { echo "no project at $1 (give a checkout, or --clone)" >&2; exit 2; }
  git clone -q "$2" "$1"
}
checkout "$BOOT_DIR" https://github.com/spring-projects/spring-petclinic.git
checkout "$WAR_DIR" https://github.com/spring-petclinic/spring-framework-petclinic.git

verdict() { # verdict OK|FAIL TEXT
  echo "$1 $2"
  [ "$1" = OK ] || FAILED=1
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

# gone_after PORT WATCHED_LINES: every process listed ended and PORT closed.
gone_after() {
  local port=$1 pids h2
  pids=$(cut -d' ' -f1 <<<"$2" | sort -un | tr '\n' ' ')
  h2=$(awk '$2 == "H2-server" {print $1}' <<<"$2" | sort -u | xargs)
  # shellcheck disable=SC2086 # one pid a word
  if check_all_gone "$port" $pids 2>&1; then
    verdict OK "nothing left: $(wc -w <<<"$pids") processes gone (H2 server: ${h2:-none seen}), port $port closed"
  else
    verdict FAIL "left after the stop (above)"
  fi
}

# serve NAME DIR PAGE ARGS...: lsbaws:serve, the checks, SIGTERM to Maven.
serve() {
  local name=$1 dir=$2 page=$3 log=$WORK/$1-serve.log t0 processes mvn_pid; shift 3
  echo "== $name: lsbaws:serve (load $(load))"
  t0=$(now_ms)
  "$MVN" "${MVN_EXTRA[@]}" -B -f "$dir/pom.xml" "$@" -Dlsbaws.port=0 "$PLUGIN:serve" > "$log" 2>&1 < /dev/null &
  mvn_pid=$!
  RUN_PID=$mvn_pid
  if ! await_banner "$mvn_pid" "$log" "$RUN_TIMEOUT" > "$WORK/await" 2>&1; then
    tail -40 "$WORK/await"; verdict FAIL "$name did not start under lsbaws:serve (log $log)"
    stop_serve "$mvn_pid" 0 ""; return
  fi
  echo "banner after $(( $(now_ms) - t0 )) ms: $BANNER_URL (load $(load))"
  processes=$(watched "$BANNER_SUPERVISOR")
  report_checks "$(run_checks "${BANNER_URL%/}" "$page")"
  processes+=$'\n'$(watched "$BANNER_SUPERVISOR")
  stop_serve "$mvn_pid" "$BANNER_PORT" "$processes"
}
stop_serve() { # stop_serve MAVEN_PID PORT WATCHED_LINES
  local mvn_pid=$1 port=$2 t0
  t0=$(now_ms)
  kill -TERM "$mvn_pid" 2>/dev/null || true
  wait "$mvn_pid" 2>/dev/null || true
  RUN_PID=
  echo "stopped in $(( $(now_ms) - t0 )) ms (SIGTERM to Maven $mvn_pid)"
  [ "$port" = 0 ] || gone_after "$port" "$3"
}

# start_stop NAME DIR PAGE ARGS...: one Maven invocation, start, the checks, stop.
start_stop() {
  local name=$1 dir=$2 page=$3 log=$WORK/$1-start.log results=$WORK/$1-results t0 t_end status port; shift 3
  echo "== $name: lsbaws:start, checks, lsbaws:stop in one build (load $(load))"
  : > "$results"
  t0=$(now_ms)
  "$MVN" "${MVN_EXTRA[@]}" -B -f "$dir/pom.xml" "$@" -Dlsbaws.startTimeout="$RUN_TIMEOUT" \
    process-classes "$PLUGIN:start" "$EXEC_PLUGIN:exec" -Dexec.executable=bash \
    "-Dexec.args=$ROOT/scripts/real-apps.sh --requests \${lsbaws.url} $page $results $log" "$PLUGIN:stop" \
    > "$log" 2>&1 < /dev/null &
  RUN_PID=$!
  local deadline=$((SECONDS + RUN_TIMEOUT + 8 * REQUEST_TIMEOUT + 120))
  while kill -0 "$RUN_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 1; done
  if kill -0 "$RUN_PID" 2>/dev/null; then
    verdict FAIL "$name: the build did not end within its bound: stopped (SIGTERM to Maven $RUN_PID)"
    kill -TERM "$RUN_PID" 2>/dev/null || true
  fi
  status=0
  wait "$RUN_PID" || status=$?
  RUN_PID=
  t_end=$(now_ms)
  if ! grep -q '^started ' "$results"; then
    grep -E 'ERROR|lsbaws:' "$log" | head -20
    verdict FAIL "$name: lsbaws:start did not return a serving server (exit status $status, log $log)"
    return
  fi
  echo "lsbaws:start returned after $(( $(awk '/^started/ {print $2}' "$results") - t0 )) ms (the build's own phases included; load $(load))"
  report_checks "$(grep -vE '^(started|checked|process) ' "$results")"
  echo "lsbaws:stop and the end of the build: $(( t_end - $(awk '/^checked/ {print $2}' "$results") )) ms"
  grep -E '\[INFO\] lsbaws: stopped|\[ERROR\].*lsbaws' "$log" | sed 's/^/  /'
  if [ "$status" = 0 ]; then verdict OK "the build succeeded: lsbaws:stop found nothing left"
  else verdict FAIL "the build failed (exit status $status; log $log)"; fi
  port=$(grep -oE "serves .* at http://127.0.0.1:[0-9]+" "$log" | tail -1 | sed -E 's/.*://')
  gone_after "${port:-0}" "$(sed -n 's/^process //p' "$results")"
}

report_checks() {
  echo "$1"
  if grep -q '^FAIL' <<<"$1"; then FAILED=1; fi
}

cleanup() { # a Maven still running (the script interrupted) is stopped as a developer's Ctrl-C would
  if [ -n "$RUN_PID" ]; then kill -TERM "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; fi
  if [ "$FAILED" = 0 ]; then rm -rf "$WORK"; else echo "logs kept in $WORK"; fi
}
trap cleanup EXIT
for mode in $MODES; do
  case $mode in serve) run=serve ;; start) run=start_stop ;; *) echo "unknown mode $mode (serve, start)" >&2; exit 2 ;; esac
  for app in $APPS; do
    case $app in
      spring-petclinic) $run "$app" "$BOOT_DIR" /vets.html "${BOOT_EXTRA[@]}" ;;
      spring-framework-petclinic) $run "$app" "$WAR_DIR" /vets "${WAR_EXTRA[@]}" ;;
      *) echo "unknown application $app" >&2; exit 2 ;;
    esac
  done
done
if [ "$FAILED" = 0 ]; then echo "every check passed"; else echo "FAILED: see above"; fi
exit "$FAILED"
