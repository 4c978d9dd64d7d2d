package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.http.Limits;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.RequestReader;
import io.github.lsbaws.http.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A web application deployed in this JVM, served requests given as raw text; responses come back as text, Date masked. */
final class ServletFixture implements AutoCloseable {
    static final ConnectionInfo CONNECTION = new ConnectionInfo(new InetSocketAddress("10.1.2.3", 40000),
            new InetSocketAddress("127.0.0.1", 8888), 8888);

    final ServletGateway gateway;
    final Path state;

    private ServletFixture(ServletGateway gateway, Path state) {
        this.gateway = gateway;
        this.state = state;
    }

    static Path webapp(String name) {
        try {
            return Path.of(ServletFixture.class.getResource("/webapps/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServletFixture deploy(String webapp, String contextPath, Path state) throws Exception {
        return deploy(webapp == null ? null : webapp(webapp), contextPath, state, List.of(), ServletFixture.class.getClassLoader());
    }

    static ServletFixture deploy(Path webapp, String contextPath, Path state, List<Path> classpath, ClassLoader loader)
            throws Exception {
        return new ServletFixture(Deployment.webApplication(new Deployment.Settings(webapp, contextPath, state, classpath, loader)),
                state);
    }

    /** An application of the given servlets, each at its pattern, with the container's defaults. */
    static ServletFixture withServlets(Path state, java.util.Map<String, jakarta.servlet.Servlet> servlets) throws Exception {
        WebApplication app = Deployment.newApplication(new Deployment.Settings(null, "", state, List.of(),
                ServletFixture.class.getClassLoader()));
        int i = 0;
        for (java.util.Map.Entry<String, jakarta.servlet.Servlet> entry : servlets.entrySet()) {
            ServletHolder holder = app.registry().newServlet("s" + i++);
            holder.setInstance(entry.getValue());
            holder.setAsyncSupported(true);
            holder.addMapping(entry.getKey());
        }
        app.start();
        return new ServletFixture(new ServletGateway(app), state);
    }

    static ServletFixture of(ServletGateway gateway, Path state) {
        return new ServletFixture(gateway, state);
    }

    WebApplication app() {
        return gateway.application();
    }

    String serve(String raw) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Request request = new RequestReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), Limits.DEFAULT).read();
        Response response = new Response(wire, request.isHead(), true, false);
        gateway.serve(request, response, CONNECTION);
        return wire.toString(StandardCharsets.UTF_8).replaceFirst("Date: [^\r]+", "Date: <date>");
    }

    String get(String target, String... headers) throws Exception {
        return serve("GET " + target + " HTTP/1.1\r\nHost: localhost:8888\r\n" + String.join("", headers) + "\r\n");
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        String body = response.substring(end + 4);
        if (head(response).contains("Transfer-Encoding: chunked")) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, eol), 16);
                if (size == 0) {
                    break;
                }
                out.append(body, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
            return out.toString();
        }
        return body;
    }

    static String head(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n") + 2);
    }

    /** The value of a response header, or null. */
    static String header(String response, String name) {
        for (String line : head(response).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    @Override
    public void close() {
        gateway.destroy();
    }
}
