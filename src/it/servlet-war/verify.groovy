import io.github.lsbaws.testing.MavenServe

// No -Dapp: a war project is served as a web application, at its lsbaws.contextPath.
def expected = [
    ["GET /shop/hello?name=Ada HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
     "HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=utf-8\r\nContent-Length: 33\r\nDate: <date>\r\n" +
     "Server: lsbaws\r\nConnection: close\r\n\r\nHello, Ada at /shop/hello (open)\n"],
    ["GET /shop HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
     "HTTP/1.1 302 Found\r\nLocation: /shop/\r\nContent-Length: 0\r\nDate: <date>\r\n" +
     "Server: lsbaws\r\nConnection: close\r\n\r\n"],
]
MavenServe.verify(basedir, localRepositoryPath, "", expected)
return true
