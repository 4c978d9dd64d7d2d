"""A strict HTTP/1.1 client (h11, Debian's python3-h11) for RealClientsTest: sends requests on
one keep-alive connection and lets h11 validate every response; any protocol violation raises.

usage: h11_client.py PORT   (prints one line per response: status, framing, body length; /pid's body too)
"""
import socket
import sys

import h11

REQUESTS = [
    ("GET", "/pid", b""),
    ("POST", "/echo", b"strict client"),
    ("GET", "/stream", b""),
    ("HEAD", "/stream", b""),
    ("GET", "/nocontent", b""),
    ("GET", "/pid", b""),
]


def main():
    port = int(sys.argv[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn = h11.Connection(our_role=h11.CLIENT)
    for method, target, body in REQUESTS:
        headers = [("Host", "localhost")]
        if body:
            headers.append(("Content-Length", str(len(body))))
        sock.sendall(conn.send(h11.Request(method=method, target=target, headers=headers)))
        if body:
            sock.sendall(conn.send(h11.Data(data=body)))
        sock.sendall(conn.send(h11.EndOfMessage()))
        response, received = None, b""
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(sock.recv(65536))
                continue
            if isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                received += event.data
            elif isinstance(event, h11.EndOfMessage):
                break
        framing = dict(response.headers).get(b"transfer-encoding", b"length").decode()
        shown = " " + received.decode() if target == "/pid" else ""
        print(f"{method} {target} {response.status_code} {framing} {len(received)}{shown}")
        conn.start_next_cycle()
    sock.close()


if __name__ == "__main__":
    main()
