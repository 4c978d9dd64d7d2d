#!/usr/bin/env bash
# What debugging costs src/it/wsgi-hello, on the JDK that runs Maven: REQUESTS requests to /hello,
# one at a time, connection per request, p50 of the time in the child (the access log's "x.yms")
# and of the client's whole exchange (curl's time_total), served
#   off         without -Dlsbaws.debug
#   nobody      -Dlsbaws.debug, no debugger listening (the parent looks for one before each fork)
#   not chosen  -Dlsbaws.debug with a path the requests do not match, a debugger listening (the
#               child also reads the request head before serving)
# then DEBUGGED requests to a debugger that resumes at once (jdb -listen, 'cont' as soon as the
# debuggee connects): the client's whole exchange, a JVM started and the application loaded each time.
# usage: scripts/debug-cost.sh [REQUESTS=100] [DEBUGGED=5]
source "$(dirname "$0")/lib.sh"
REQUESTS=${1:-100}
DEBUGGED=${2:-5}
DEBUG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LISTENER_PID=
JDB_PID=
WORK=
cleanup() {
  [ -z "$JDB_PID" ] || kill "$JDB_PID" 2>/dev/null || true
  [ -z "$LISTENER_PID" ] || kill "$LISTENER_PID" 2>/dev/null || true
  stop_all
  [ -z "$WORK" ] || rm -rf "$WORK"
}

# measure [-Dlsbaws.x=y ...]: prints "CHILD_P50 ms, CLIENT_P50 ms".
measure() {
  local from client
  start_server -Dlsbaws.learn=false "$@" > /dev/null
  trap cleanup EXIT
  from=$(( $(wc -l < "$SERVER_LOG") + 1 ))
  client=$(for i in $(seq "$REQUESTS"); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$SERVER_PORT/hello?name=cost&n=$i"
  done | awk '{printf "%.3f\n", $1 * 1000}' | p50)
  sleep 0.5 # the last access lines are written
  echo "$(child_times "$SERVER_LOG" "$from" | p50) ms in the child, $client ms at the client"
  stop_server > /dev/null
}

install_plugin
echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
echo "off:        $(measure)"
echo "nobody:     $(measure -Dlsbaws.debug=127.0.0.1:"$DEBUG_PORT")"
python3 -c "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',$DEBUG_PORT)); s.listen(); time.sleep(3600)" &
LISTENER_PID=$!
trap cleanup EXIT
echo "not chosen: $(measure -Dlsbaws.debug=127.0.0.1:"$DEBUG_PORT" -Dlsbaws.debug.path=/never/*)"
kill "$LISTENER_PID" 2>/dev/null || true; wait "$LISTENER_PID" 2>/dev/null || true; LISTENER_PID=

start_server -Dlsbaws.learn=false -Dlsbaws.debug=127.0.0.1:"$DEBUG_PORT" > /dev/null
trap cleanup EXIT
WORK=$(mktemp -d /tmp/lsbaws-debug-cost.XXXXXX)
JDB="${JAVA_HOME:+$JAVA_HOME/bin/}jdb"
for i in $(seq "$DEBUGGED"); do
  rm -f "$WORK/commands"; mkfifo "$WORK/commands"
  out="$WORK/jdb.$i.out" # a file of its own: the last session's would show its lines before this jdb runs
  "$JDB" -connect "com.sun.jdi.SocketListen:localAddress=127.0.0.1,port=$DEBUG_PORT" < "$WORK/commands" > "$out" 2>&1 &
  JDB_PID=$!
  exec 3> "$WORK/commands"
  until grep -q "Listening at address" "$out" 2>/dev/null; do sleep 0.05; done
  curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$SERVER_PORT/hello?name=debugged&n=$i" > "$WORK/time.$i" &
  curl_pid=$!
  # the prompt after "VM Started": a 'cont' sent before it finds nothing suspended yet
  until grep -q "VM Started" "$out" && [ "$(tail -c 8 "$out")" = "main[1] " ]; do sleep 0.01; done
  echo cont >&3
  wait "$curl_pid"
  exec 3>&-
  wait "$JDB_PID" 2>/dev/null || true; JDB_PID=
done
echo "debugged:   $(cat "$WORK"/time.* | awk '{printf "%.1f\n", $1 * 1000}' | p50) ms at the client (p50 of $DEBUGGED)"
grep -c '^.*Debugged: ' "$SERVER_LOG" | sed 's/^/access lines of debuggees: /'
