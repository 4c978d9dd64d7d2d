import io.github.lsbaws.testing.MavenServe

def expected = [
    ["GET /hello?name=Ada HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
     "HTTP/1.1 200 OK\r\nContent-type: text/plain; charset=utf-8\r\nContent-Length: 12\r\nDate: <date>\r\n" +
     "Server: lsbaws\r\nConnection: close\r\n\r\nHello, Ada!\n"],
    ["POST /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"ping\":true}",
     "HTTP/1.1 200 OK\r\nContent-type: application/json\r\nX-request-length: 13\r\nContent-Length: 13\r\nDate: <date>\r\n" +
     "Server: lsbaws\r\nConnection: close\r\n\r\n{\"ping\":true}"],
    ["GET /missing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
     "HTTP/1.1 404 Not Found\r\nContent-type: text/plain; charset=utf-8\r\nContent-Length: 20\r\nDate: <date>\r\n" +
     "Server: lsbaws\r\nConnection: close\r\n\r\nNot found: /missing\n"],
    ["HEAD /hello?name=Ada HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
     "HTTP/1.1 200 OK\r\nContent-type: text/plain; charset=utf-8\r\nContent-Length: 12\r\nDate: <date>\r\n" +
     "Server: lsbaws\r\nConnection: close\r\n\r\n"],
    ["BROKEN\r\n\r\n",
     "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 31\r\nDate: <date>\r\n" +
     "Server: lsbaws\r\nConnection: close\r\n\r\nmalformed request line: BROKEN\n"],
]
MavenServe.verify(basedir, localRepositoryPath, "com.example.handler.Handler:handler", expected)
return true
