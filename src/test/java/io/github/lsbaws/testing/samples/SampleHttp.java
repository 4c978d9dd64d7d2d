package io.github.lsbaws.testing.samples;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A curl-equivalent HTTP/1.1 client for the sample checks: each request is written by hand on a
 * new connection with "Connection: close" (so that under a forking server each request is served
 * by a new child), the response is read as framed (Content-Length, chunked, or until close), and
 * redirects are never followed. Paths are resolved against the base URL, so the same checks run
 * on any host, port and context path. Cookies travel only through a {@link CookieJar} given to a
 * request.
 */
public final class SampleHttp {
    private final URI base;

    public SampleHttp(URI base) {
        this.base = base.getPath().endsWith("/") ? base : URI.create(base + "/");
    }

    public URI base() {
        return base;
    }

    /** The absolute URL of a path relative to the base ("api/pid", "" for the base itself). */
    public URI url(String relative) {
        return base.resolve(relative);
    }

    /** The base's path: "/" at the root context, "/app/" under a context path. */
    public String basePath() {
        return base.getRawPath();
    }

    public Request get(String relative) {
        return new Request("GET", relative);
    }

    public Request head(String relative) {
        return new Request("HEAD", relative);
    }

    public Request post(String relative) {
        return new Request("POST", relative);
    }

    public Request request(String method, String relative) {
        return new Request(method, relative);
    }

    /**
     * A request whose target is the base path followed by these characters exactly as given: no
     * resolution of "." and ".." segments, no encoding (for path traversal attempts).
     */
    public Request raw(String method, String relativeTarget) {
        return new Request(method, URI.create(base.getScheme() + "://" + base.getRawAuthority()), basePath() + relativeTarget);
    }

    /** One request, sent by {@link #send()}. */
    public final class Request {
        private final String method;
        private final URI url;
        private final String target;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body;
        private CookieJar jar;

        private Request(String method, String relative) {
            this.method = method;
            this.url = url(relative);
            this.target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        }

        private Request(String method, URI origin, String target) {
            this.method = method;
            this.url = origin;
            this.target = target;
        }

        public Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public Request cookies(CookieJar cookieJar) {
            this.jar = cookieJar;
            return this;
        }

        public Request body(String contentType, byte[] content) {
            header("Content-Type", contentType);
            this.body = content;
            return this;
        }

        public Request json(String json) {
            return body("application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        /** An application/x-www-form-urlencoded body of name, value pairs (UTF-8). */
        public Request form(String... namesAndValues) {
            StringBuilder form = new StringBuilder();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                if (form.length() > 0) {
                    form.append('&');
                }
                form.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            }
            return body("application/x-www-form-urlencoded", form.toString().getBytes(StandardCharsets.US_ASCII));
        }

        public Request multipart(Multipart multipart) {
            return body(multipart.contentType(), multipart.bytes());
        }

        /** The method and the absolute URL, for messages and for resolving a Location. */
        public String line() {
            return method + " " + url.getScheme() + "://" + url.getRawAuthority() + target;
        }

        public Reply send() throws IOException {
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(url.getHost()).append(url.getPort() < 0 ? "" : ":" + url.getPort()).append("\r\n")
                    .append("User-Agent: lsbaws-sample-checks\r\n")
                    .append("Connection: close\r\n");
            for (String[] header : headers) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            String cookie = jar == null ? null : jar.header();
            if (cookie != null) {
                head.append("Cookie: ").append(cookie).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            Reply reply;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()), 10_000);
                socket.setSoTimeout(200_000); // beyond the request timeout the samples' servers get (ServeBuild)
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                reply = read(this, new BufferedInputStream(socket.getInputStream()), method.equals("HEAD"));
            }
            if (jar != null) {
                jar.store(reply.headers("Set-Cookie"));
            }
            return reply;
        }
    }

    private static Reply read(Request request, InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        String[] status = statusLine.split(" ", 3);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        Reply partial = new Reply(request.line(), statusLine, Integer.parseInt(status[1]), headers, new byte[0]);
        int code = partial.status();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!head && code >= 200 && code != 204 && code != 304) {
            String transferEncoding = partial.header("Transfer-Encoding");
            String length = partial.header("Content-Length");
            if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not used by the samples
                }
            } else if (length != null) {
                int expected = Integer.parseInt(length);
                byte[] bytes = in.readNBytes(expected);
                if (bytes.length != expected) {
                    throw new EOFException(request.line() + ": body ended after " + bytes.length + " of " + expected + " bytes");
                }
                body.write(bytes);
            } else {
                in.transferTo(body);
            }
        }
        return new Reply(request.line(), statusLine, code, headers, body.toByteArray());
    }

    private static int chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
    }
}
