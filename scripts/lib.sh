# Shared by the scripts in this folder: build and install the plugin, serve a sample project
# (SAMPLE_DIR, by default the bundled hello application src/it/wsgi-hello) with mvn lsbaws:serve
# on a free 127.0.0.1 port, and stop it by pid, checking that no server, child or zombie is left.
# Source it; it sets SERVER_PORT, SERVER_PID (the serving generation's parent) and SERVER_LOG and
# installs an EXIT trap that stops the server.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVER_LOG=$(mktemp /tmp/lsbaws-server.XXXXXX.log)
MVN_PID=

start_server() {
  (cd "$ROOT" && mvn -q -B install -DskipTests)
  mvn -q -B -f "${SAMPLE_DIR:-$ROOT/src/it/wsgi-hello}/pom.xml" lsbaws:serve -Dlsbaws.port=0 "$@" > "$SERVER_LOG" 2>&1 &
  MVN_PID=$!
  trap stop_server EXIT
  local banner=
  for _ in $(seq 600); do
    banner=$(grep -m1 -oE 'on http://127.0.0.1:[0-9]+/ \(generation [0-9]+: parent pid [0-9]+; supervisor pid [0-9]+\)' "$SERVER_LOG" || true)
    [ -n "$banner" ] && break
    kill -0 "$MVN_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; echo "the server did not start" >&2; exit 1; }
    sleep 0.2
  done
  [ -n "$banner" ] || { echo "no banner within 120 s" >&2; exit 1; }
  SERVER_PORT=$(sed -E 's/.*:([0-9]+)\/.*/\1/' <<<"$banner")
  SERVER_PID=$(sed -E 's/.*parent pid ([0-9]+).*/\1/' <<<"$banner") # the generation's parent, which forks the children
  echo "server pid $SERVER_PID on 127.0.0.1:$SERVER_PORT (log $SERVER_LOG)"
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

stop_server() {
  [ -n "$MVN_PID" ] || return 0
  local children
  children=$( (ps -o pid= --ppid "$SERVER_PID" || true) | tr -d ' ' | tr '\n' ' ')
  kill -TERM "$MVN_PID" 2>/dev/null || true
  wait "$MVN_PID" 2>/dev/null || true
  MVN_PID=
  for _ in $(seq 100); do [ -d "/proc/$SERVER_PID" ] || break; sleep 0.1; done
  if [ -d "/proc/$SERVER_PID" ]; then
    echo "FAIL: server $SERVER_PID still running after stop" >&2; kill -KILL "$SERVER_PID"; exit 1
  fi
  for child in $children; do # children die with the parent (PR_SET_PDEATHSIG); one alive now was left behind
    if [ -d "/proc/$child" ]; then
      echo "FAIL: child $child of server $SERVER_PID still running after stop" >&2; kill -KILL "$child"; exit 1
    fi
  done
  if accepts_connections "$SERVER_PORT"; then
    echo "FAIL: port $SERVER_PORT still accepts connections" >&2; exit 1
  fi
  echo "server stopped; nothing left running"
}
