#!/usr/bin/env bash
# The seeds' part 3 client3 scenario at full size: for each count, that many clients connect at
# once, send a request and keep their connection open after the answer. Checks that all are
# answered, no zombie is left and the parent's descriptor count is back where it started.
# usage: scripts/client3.sh [COUNT ...]   (default: 128 300 500)
source "$(dirname "$0")/lib.sh"
[ $# -gt 0 ] || set -- 128 300 500
start_server
settle /hello
status=0
for count in "$@"; do
  fds_before=$(server_fds)
  answered=$(python3 - "$SERVER_PORT" "$count" <<'PY'
import socket, sys, threading
port, count = int(sys.argv[1]), int(sys.argv[2])
held, answered, lock = [], [0], threading.Lock()
def client():
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    s.sendall(b"GET /hello?name=client3 HTTP/1.1\r\nHost: localhost\r\n\r\n")
    data = b""
    while chunk := s.recv(4096):
        data += chunk
    with lock:
        held.append(s)  # kept open, as client3 does
        answered[0] += data.startswith(b"HTTP/1.1 200 OK") and data.endswith(b"Hello, client3!\n")
threads = [threading.Thread(target=client) for _ in range(count)]
for t in threads: t.start()
for t in threads: t.join()
print(answered[0])
PY
)
  sleep 0.5
  fds_after=$(server_fds); zombies=$(server_zombies); children=$(server_children)
  verdict=ok
  if [ "$answered" != "$count" ] || [ "$zombies" != 0 ] || [ "$fds_after" != "$fds_before" ] || [ "$children" != 0 ]; then
    verdict=FAIL; status=1
  fi
  echo "$count clients: answered $answered, zombies $zombies, children left $children, parent fds $fds_before -> $fds_after: $verdict"
done
grep -vE " pid=|Serving " "$SERVER_LOG" | sort | uniq -c | sort -rn | head -5 >&2
exit $status
