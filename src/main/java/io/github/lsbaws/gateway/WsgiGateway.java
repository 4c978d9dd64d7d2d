package io.github.lsbaws.gateway;

import io.github.lsbaws.http.HeaderFields;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;
import io.github.lsbaws.http.Tokens;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The seeds' part 2 in JDK types: PEP 3333 with a {@code Map<String, Object>} environ, a
 * start-response callback taking the status line ("200 OK") and the header list, and the body
 * returned as {@code Iterable<byte[]>}.
 */
final class WsgiGateway implements Gateway {
    /** How the shape reads in Java, for documentation and error messages. */
    static final String SHAPE = "BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>, "
            + "Iterable<byte[]>>";

    private final BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> application;

    WsgiGateway(BiFunction<Map<String, Object>, BiConsumer<String, List<Map.Entry<String, String>>>,
            Iterable<byte[]>> application) {
        this.application = application;
    }

    @Override
    public void serve(Request request, Response response, ConnectionInfo connection) throws Exception {
        Map<String, Object> environ = Environ.of(request, connection);
        StartResponse start = new StartResponse();
        Iterable<byte[]> result = application.apply(environ, start);
        if (result == null) {
            throw new InvalidResponseException("the application returned null instead of an Iterable<byte[]> body");
        }
        try {
            for (byte[] chunk : result) {
                if (chunk == null) {
                    throw new InvalidResponseException("the application's body contains a null chunk");
                }
                if (chunk.length > 0) {
                    start.commit(response, result);
                    response.write(chunk, 0, chunk.length);
                }
            }
            start.commit(response, result);
        } finally {
            if (result instanceof AutoCloseable closeable) { // PEP 3333: close() after the body, however it ended
                closeable.close();
            }
        }
    }

    /** The start_response callable: records the status and headers, sent with the first body bytes. */
    private static final class StartResponse implements BiConsumer<String, List<Map.Entry<String, String>>> {
        private int code;
        private String reason;
        private HeaderFields headers;

        @Override
        public void accept(String status, List<Map.Entry<String, String>> headerList) {
            if (headers != null) {
                throw new InvalidResponseException("start_response was called twice");
            }
            parseStatus(status);
            if (headerList == null) {
                throw new InvalidResponseException("start_response was given a null header list");
            }
            HeaderFields fields = new HeaderFields();
            for (Map.Entry<String, String> header : headerList) {
                if (header == null) {
                    throw new InvalidResponseException("start_response was given a null header");
                }
                ResponseRules.checkField(header.getKey(), header.getValue());
                fields.add(header.getKey(), header.getValue());
            }
            ResponseRules.checkContentType(code, fields);
            headers = fields;
        }

        /** "200 OK": three digits, a space, a reason phrase. */
        private void parseStatus(String status) {
            if (status == null || status.length() < 5 || status.charAt(3) != ' '
                    || !Character.isDigit(status.charAt(0)) || !Character.isDigit(status.charAt(1))
                    || !Character.isDigit(status.charAt(2)) || status.strip().length() < 5) {
                throw new InvalidResponseException("status " + (status == null ? "null" : Tokens.quoted(status))
                        + " is not of the form \"200 OK\" (three digits, a space, a reason phrase)");
            }
            code = Integer.parseInt(status.substring(0, 3));
            ResponseRules.checkStatusCode(code);
            reason = status.substring(4);
            if (!Tokens.isFieldValue(reason)) {
                throw new InvalidResponseException("status " + Tokens.quoted(status) + " contains a control character");
            }
        }

        /** Sends the head once: a body known in full (a collection) gets its Content-Length, as wsgiref does. */
        void commit(Response response, Iterable<byte[]> result) throws java.io.IOException {
            if (response.isCommitted()) {
                return;
            }
            if (headers == null) {
                throw new InvalidResponseException("the application produced its body without calling start_response");
            }
            if (!headers.contains("Content-Length") && result instanceof Collection<byte[]> chunks
                    && !io.github.lsbaws.http.Status.forbidsBody(code)) {
                long length = 0;
                for (byte[] chunk : chunks) {
                    length += chunk == null ? 0 : chunk.length;
                }
                headers.add("Content-Length", Long.toString(length));
            }
            response.start(code, reason, headers);
        }
    }
}
