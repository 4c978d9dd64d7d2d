# shellcheck shell=bash disable=SC2034 # sourced: the variables it sets are for the scripts
# Shared by the scripts in this folder: build and install the plugin, serve a sample project
# (src/it/wsgi-hello unless SERVE_PROJECT names another) with lsbaws:serve on a free 127.0.0.1
# port, and stop it by pid, checking that no server, child or zombie is left. Source it;
# start_server sets SERVER_PORT, SERVER_PID, SERVER_URL and SERVER_LOG and installs an EXIT trap
# that stops the server.
#
# START_TIMEOUT: seconds start_server waits for the banner (120). SERVE_GOAL: the goal start_server
# runs (lsbaws:serve; a project that does not declare the plugin needs its full coordinates).
# Maven: the repository's wrapper (./mvnw) unless MVN names another (MVN=mvn); MVN_ARGS adds
# arguments to every Maven command, e.g. MVN_ARGS=-Dmaven.repo.local=/some/repo.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MVN=${MVN:-$ROOT/mvnw}
read -r -a MVN_EXTRA <<<"${MVN_ARGS:-}"
SERVE_PROJECT=${SERVE_PROJECT:-$ROOT/src/it/wsgi-hello}
SERVER_LOG=
LEARNED_AT_START=
MVN_PID=
SERVER_PID=
SUPERVISOR_PID=
PLUGIN_INSTALLED=

mvn_() { "$MVN" "${MVN_EXTRA[@]}" "$@"; }

# The plugin under test, built and installed once per script run.
install_plugin() {
  [ -n "$PLUGIN_INSTALLED" ] && return 0
  (cd "$ROOT" && mvn_ -q -B install -DskipTests)
  PLUGIN_INSTALLED=1
}

# The one place that reads the server's banner:
#   Serving APP on http://127.0.0.1:8888/ (generation 1: parent pid 4995; supervisor pid 4990)
# parse_banner FILE sets BANNER_URL, BANNER_PORT, BANNER_PID (the first generation's forking
# parent) and BANNER_SUPERVISOR, from the first banner in FILE; returns 1 if none yet.
BANNER_RE='on (http://[^ ]+:([0-9]+)/[^ ]*) \(generation [0-9]+: parent pid ([0-9]+); supervisor pid ([0-9]+)\)'
parse_banner() {
  local line
  line=$(grep -m1 -E "$BANNER_RE" "$1" 2>/dev/null) || return 1
  [[ $line =~ $BANNER_RE ]] || return 1
  BANNER_URL=${BASH_REMATCH[1]}
  BANNER_PORT=${BASH_REMATCH[2]}
  BANNER_PID=${BASH_REMATCH[3]}
  BANNER_SUPERVISOR=${BASH_REMATCH[4]}
}

# The pid of the parent forking the children now: the latest generation the server announced.
serving_parent() {
  grep -oE '[Gg]eneration [0-9]+\b.*\bparent pid [0-9]+' "$SERVER_LOG" | tail -1 | sed -E 's/.*parent pid //'
}

# await_banner PID FILE [SECONDS]: waits until FILE has a banner while PID lives.
await_banner() {
  local pid=$1 file=$2 deadline=$((SECONDS + ${3:-120}))
  until parse_banner "$file"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$file" >&2; echo "the server did not start" >&2; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "no banner within ${3:-120} s" >&2; return 1
    fi
    sleep 0.2
  done
}

# await_log PID FILE REGEX [SECONDS]: waits until a line of FILE matches REGEX while PID lives.
await_log() {
  local pid=$1 file=$2 regex=$3 deadline=$((SECONDS + ${4:-120}))
  until grep -qE "$regex" "$file" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$file" >&2; echo "process $pid ended before logging /$regex/" >&2; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "no /$regex/ within ${4:-120} s" >&2; return 1; }
    sleep 0.2
  done
}

# start_server [-Dlsbaws.x=y ...]: serves SERVE_PROJECT on a free port. Several servers may run
# at once: SERVER_* describe the latest, and stop_server stops them all.
declare -A SERVERS=() # Maven pid -> "server pid, port, supervisor pid"
start_server() {
  install_plugin
  SERVER_LOG=$(mktemp /tmp/lsbaws-server.XXXXXX.log)
  LEARNED_AT_START=$(cat "$(learned_file)" 2>/dev/null || true) # what its first generation replays (settle)
  # not through mvn_: a function in the background runs in a subshell, and $! must be Maven's pid
  "$MVN" "${MVN_EXTRA[@]}" -q -B -f "$SERVE_PROJECT/pom.xml" "${SERVE_GOAL:-lsbaws:serve}" -Dlsbaws.port="${SERVE_PORT:-0}" "$@" > "$SERVER_LOG" 2>&1 &
  MVN_PID=$!
  SERVERS[$MVN_PID]="? 0"
  trap stop_all EXIT
  await_banner "$MVN_PID" "$SERVER_LOG" "${START_TIMEOUT:-120}" || exit 1
  SERVER_URL=$BANNER_URL
  SERVER_PORT=$BANNER_PORT
  SERVER_PID=$BANNER_PID
  SUPERVISOR_PID=$BANNER_SUPERVISOR
  SERVERS[$MVN_PID]="$SERVER_PID $SERVER_PORT $SUPERVISOR_PID"
  echo "server pid $SERVER_PID (supervisor $SUPERVISOR_PID) on 127.0.0.1:$SERVER_PORT (log $SERVER_LOG)"
}

# settle PATH [SECONDS=20]: requests PATH once and waits (up to SECONDS) for the generation that
# learned it to serve, as a user's first request does, unless it was learned before; SERVER_PID is
# then the parent that forks the children.
settle() {
  local learned=
  curl -s -o /dev/null "http://127.0.0.1:$SERVER_PORT$1" || echo "the first GET of $1 failed (curl status $?)" >&2
  if grep -qF "GET $1"$'\t' <<<"$LEARNED_AT_START"; then
    SERVER_PID=$(serving_parent) # learned before this server started: its first generation replayed it
    return 0
  fi
  for _ in $(seq $(( ${2:-20} * 5 ))); do
    grep -q 'Warmed up: generation' "$SERVER_LOG" && { learned=1; break; }
    sleep 0.2
  done
  SERVER_PID=$(serving_parent)
  [ -n "$learned" ] || echo "note: no generation learned $1 within ${2:-20} s (learning off, or already known)"
}

# child_times LOG [FROM_LINE]: the time in the child (ms) of every access line of LOG from line
# FROM_LINE on, one a line.
child_times() {
  tail -n +"${2:-1}" "$1" | sed -nE 's/.* ([0-9]+\.[0-9]+)ms gen=[0-9]+ pid=[0-9]+$/\1/p'
}
# p50 of numbers on standard input, "-" if none.
p50() { sort -n | awk '{v[NR] = $1} END {if (NR) printf "%.2f\n", v[int((NR + 1) / 2)]; else print "-"}'; }

# forget_learned: the sample project's learned requests removed, so that it starts as never seen.
forget_learned() { rm -f "$(learned_file)"; }
learned_file() { echo "$SERVE_PROJECT/target/lsbaws/learned-requests.txt"; }

# Whether something still listens on 127.0.0.1:PORT.
accepts_connections() {
  python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $1)) != 0)"
}

# Figures about the running parent.
server_fds() { ls "/proc/$SERVER_PID/fd" | wc -l; }
server_rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
server_zombies() { (ps -o stat= --ppid "$SERVER_PID" || true) | grep -c '^Z' || true; }
server_children() { (ps -o pid= --ppid "$SERVER_PID" || true) | wc -l; }

# children_of PID...: the pids of their direct children, space-separated.
children_of() {
  local pid
  for pid in "$@"; do (ps -o pid= --ppid "$pid" || true) | tr -d ' '; done | tr '\n' ' '
}

# check_all_gone PORT PID...: fails if any PID still runs (it is killed) or PORT still listens.
check_all_gone() {
  local port=$1 pid failed=; shift
  for pid in "$@"; do
    for _ in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    if [ -d "/proc/$pid" ]; then
      echo "FAIL: process $pid ($(ps -o comm= -p "$pid" || true)) still running after stop" >&2
      kill -KILL "$pid" 2>/dev/null || true; failed=1
    fi
  done
  if accepts_connections "$port"; then
    echo "FAIL: port $port still accepts connections" >&2; failed=1
  fi
  [ -z "$failed" ]
}

# Stops every server started (SIGTERM to its Maven, as a build being stopped) and checks that
# none of them, nor any of their children, is left.
stop_server() {
  local mvn_pid server_pid port supervisor watched failed=
  for mvn_pid in "${!SERVERS[@]}"; do
    read -r server_pid port supervisor <<<"${SERVERS[$mvn_pid]}"
    unset "SERVERS[$mvn_pid]"
    # children die with the parent (PR_SET_PDEATHSIG); one alive after the stop was left behind
    watched=
    [ "$server_pid" = "?" ] || watched="$server_pid $supervisor $(children_of "$server_pid" $supervisor)"
    kill -TERM "$mvn_pid" 2>/dev/null || true
    wait "$mvn_pid" 2>/dev/null || true
    # shellcheck disable=SC2086
    check_all_gone "$port" $watched || failed=1
    [ "$server_pid" = "?" ] || echo "server $server_pid stopped; nothing left running"
  done
  MVN_PID=
  [ -z "$failed" ] || exit 1
}

# A port free on 127.0.0.1 now; the time now in ms; curl's time_total of one GET of URL, in ms.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
curl_ms() { curl -s -o /dev/null -w '%{time_total}\n' "$1" | awk '{print $1 * 1000}'; }

# descendants PID: every process below PID, space-separated.
descendants() {
  local child
  for child in $(children_of "$1"); do echo -n "$child $(descendants "$child")"; done
}

# A Maven goal that serves on its own (spring-boot:run): start_run NAME PROJECT ARGS... runs
# Maven on PROJECT in the background, each PORT in ARGS replaced by a free port; sets RUN_PID,
# RUN_PORT, RUN_LOG. stop_run stops it by pid and checks that it, every process below it and
# its port are gone.
RUN_PID=
RUN_PORT=
RUN_LOG=
start_run() {
  local project=$2
  shift 2
  RUN_PORT=$(free_port)
  RUN_LOG=$(mktemp /tmp/lsbaws-run.XXXXXX.log)
  "$MVN" "${MVN_EXTRA[@]}" -q -B -f "$project/pom.xml" "${@//PORT/$RUN_PORT}" > "$RUN_LOG" 2>&1 &
  RUN_PID=$!
}
stop_run() {
  [ -n "$RUN_PID" ] || return 0
  local left
  left=$(descendants "$RUN_PID")
  kill -TERM "$RUN_PID" 2>/dev/null || true
  wait "$RUN_PID" 2>/dev/null || true
  RUN_PID=
  rm -f "$RUN_LOG"
  # shellcheck disable=SC2086
  check_all_gone "$RUN_PORT" $left || exit 1
}

# The seeds' reference Python fork server, beside the repository (../shared/bench).
REFERENCE_SERVER="$ROOT/../shared/bench/reference_fork_server.py"
REF_PID=
# start_reference: sets REF_PORT and REF_PID, or returns 1 if the reference is not there.
start_reference() {
  [ -f "$REFERENCE_SERVER" ] || { echo "no reference server at $REFERENCE_SERVER" >&2; return 1; }
  REF_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 "$REFERENCE_SERVER" "$REF_PORT" >/dev/null 2>&1 &
  REF_PID=$!
  trap stop_all EXIT
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$REF_PORT/" && return 0; sleep 0.1; done
  echo "the reference server did not answer" >&2; return 1
}
stop_reference() {
  [ -n "$REF_PID" ] || return 0
  local children
  children=$(children_of "$REF_PID")
  kill "$REF_PID" 2>/dev/null || true
  wait "$REF_PID" 2>/dev/null || true
  REF_PID=
  # shellcheck disable=SC2086
  check_all_gone "$REF_PORT" $children || exit 1
}

stop_all() { stop_reference; stop_server; }
