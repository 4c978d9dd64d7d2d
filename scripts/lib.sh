# Shared by the scripts in this folder: build and install the plugin, serve a sample project
# (src/it/wsgi-hello unless SERVE_PROJECT names another) with lsbaws:serve on a free 127.0.0.1
# port, and stop it by pid, checking that no server, child or zombie is left. Source it;
# start_server sets SERVER_PORT, SERVER_PID, SERVER_URL and SERVER_LOG and installs an EXIT trap
# that stops the server.
#
# Maven: the repository's wrapper (./mvnw) unless MVN names another (MVN=mvn); MVN_ARGS adds
# arguments to every Maven command, e.g. MVN_ARGS=-Dmaven.repo.local=/some/repo.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MVN=${MVN:-$ROOT/mvnw}
read -r -a MVN_EXTRA <<<"${MVN_ARGS:-}"
SERVE_PROJECT=${SERVE_PROJECT:-$ROOT/src/it/wsgi-hello}
SERVER_LOG=
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

# The one place that reads the server's banner. Today's form
#   Serving APP on http://127.0.0.1:8888/ (parent pid 4995)
# and the supervised one
#   Serving APP on http://127.0.0.1:8888/ (generation 1: parent pid 4995; supervisor pid 4990)
# parse_banner FILE sets BANNER_URL, BANNER_PORT, BANNER_PID (the forking parent) and
# BANNER_SUPERVISOR (empty without one), from the first banner in FILE; returns 1 if none yet.
BANNER_RE='on (http://[^ ]+:([0-9]+)/) \((generation [0-9]+: )?parent pid ([0-9]+)(; supervisor pid ([0-9]+))?\)'
parse_banner() {
  local line
  line=$(grep -m1 -E "$BANNER_RE" "$1" 2>/dev/null) || return 1
  [[ $line =~ $BANNER_RE ]] || return 1
  BANNER_URL=${BASH_REMATCH[1]}
  BANNER_PORT=${BASH_REMATCH[2]}
  BANNER_PID=${BASH_REMATCH[4]}
  BANNER_SUPERVISOR=${BASH_REMATCH[6]}
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

# start_server [-Dlsbaws.x=y ...]: serves SERVE_PROJECT on a free port.
start_server() {
  install_plugin
  SERVER_LOG=$(mktemp /tmp/lsbaws-server.XXXXXX.log)
  # not through mvn_: a function in the background runs in a subshell, and $! must be Maven's pid
  "$MVN" "${MVN_EXTRA[@]}" -q -B -f "$SERVE_PROJECT/pom.xml" lsbaws:serve -Dlsbaws.port=0 "$@" > "$SERVER_LOG" 2>&1 &
  MVN_PID=$!
  trap stop_server EXIT
  await_banner "$MVN_PID" "$SERVER_LOG" 120 || exit 1
  SERVER_URL=$BANNER_URL
  SERVER_PORT=$BANNER_PORT
  SERVER_PID=$BANNER_PID
  SUPERVISOR_PID=$BANNER_SUPERVISOR
  echo "server pid $SERVER_PID${SUPERVISOR_PID:+ (supervisor $SUPERVISOR_PID)} on 127.0.0.1:$SERVER_PORT (log $SERVER_LOG)"
}

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

stop_server() {
  [ -n "$MVN_PID" ] || return 0
  local watched
  # children die with the parent (PR_SET_PDEATHSIG); one alive after the stop was left behind
  watched="$SERVER_PID $SUPERVISOR_PID $(children_of "$SERVER_PID" $SUPERVISOR_PID)"
  kill -TERM "$MVN_PID" 2>/dev/null || true
  wait "$MVN_PID" 2>/dev/null || true
  MVN_PID=
  # shellcheck disable=SC2086
  check_all_gone "$SERVER_PORT" $watched || exit 1
  echo "server stopped; nothing left running"
}
