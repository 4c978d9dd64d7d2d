package io.github.lsbaws.gateway;

import io.github.lsbaws.http.HeaderFields;
import io.github.lsbaws.http.HttpException;
import io.github.lsbaws.http.PercentDecoder;
import io.github.lsbaws.http.Request;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the PEP 3333 environ of a request: CGI variables, HTTP_* headers and the wsgi.* keys. */
final class Environ {
    private static final List<Integer> WSGI_VERSION = List.of(1, 0);
    /** One stream for every request: built in the parent, not again in every interpreted child. */
    private static final PrintStream ERRORS = new PrintStream(new FileOutputStream(FileDescriptor.err), true);

    /**
     * The keys of the header fields browsers and tools send, spelled as they send them, made
     * once in the parent: a forked child runs interpreted, where deriving a key costs three
     * passes over the name.
     */
    private static final Map<String, String> KEYS = new HashMap<>();

    static {
        for (String name : List.of("Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection",
                "Cookie", "Referer", "Origin", "Cache-Control", "Pragma", "Upgrade-Insecure-Requests", "Authorization",
                "If-None-Match", "If-Modified-Since", "Range", "Expect", "X-Forwarded-For", "X-Forwarded-Proto",
                "X-Requested-With", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User",
                "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "DNT", "TE")) {
            KEYS.put(name, key(name));
            KEYS.put(name.toLowerCase(Locale.ROOT), key(name)); // as HTTP/2-era clients and curl scripts write them
        }
    }

    private Environ() {}

    /** The CGI key of a header field: HTTP_ and the name upper-cased with '-' as '_'. */
    private static String key(String name) {
        return "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static Map<String, Object> of(Request request, ConnectionInfo connection) throws HttpException {
        Map<String, Object> environ = new HashMap<>(64);
        HeaderFields headers = request.headers();
        environ.put("REQUEST_METHOD", request.method());
        environ.put("SCRIPT_NAME", "");
        environ.put("PATH_INFO", request.path().equals("*") ? "" : PercentDecoder.decodePath(request.path()));
        environ.put("QUERY_STRING", request.query());
        environ.put("CONTENT_TYPE", orEmpty(headers.first("Content-Type")));
        environ.put("CONTENT_LENGTH", orEmpty(headers.first("Content-Length")));
        environ.put("SERVER_NAME", serverName(headers.first("Host"), connection));
        environ.put("SERVER_PORT", Integer.toString(connection.serverPort()));
        environ.put("SERVER_PROTOCOL", request.version());
        environ.put("REMOTE_ADDR", connection.remoteHost());
        environ.put("REMOTE_PORT", Integer.toString(connection.remote().getPort()));
        for (HeaderFields.Field field : headers) {
            String name = field.name();
            // Content-* have their own keys; names with '_' would collide with '-' ones once
            // converted (gunicorn and nginx drop them too), so a client cannot spoof HTTP_X_FORWARDED_FOR.
            if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length") || name.indexOf('_') >= 0) {
                continue;
            }
            String key = KEYS.get(name);
            if (key == null) {
                key = key(name);
            }
            Object earlier = environ.get(key);
            environ.put(key, earlier == null ? field.value()
                    : earlier + (key.equals("HTTP_COOKIE") ? "; " : ",") + field.value());
        }
        environ.put("wsgi.version", WSGI_VERSION);
        environ.put("wsgi.url_scheme", "http");
        environ.put("wsgi.input", request.body());
        environ.put("wsgi.input_terminated", Boolean.TRUE);
        environ.put("wsgi.errors", ERRORS);
        environ.put("wsgi.multithread", Boolean.FALSE);
        environ.put("wsgi.multiprocess", Boolean.TRUE);
        environ.put("wsgi.run_once", Boolean.FALSE);
        return environ;
    }

    /** The Host header's name without its port (brackets kept for IPv6), else the address connected to. */
    private static String serverName(String host, ConnectionInfo connection) {
        if (host == null || host.isEmpty()) {
            return connection.local().getAddress().getHostAddress();
        }
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
