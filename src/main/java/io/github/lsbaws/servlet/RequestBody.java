package io.github.lsbaws.servlet;

import io.github.lsbaws.http.Request;
import io.github.lsbaws.servlet.codec.BadRequestException;
import io.github.lsbaws.servlet.codec.FormDecoder;
import io.github.lsbaws.servlet.codec.Multipart;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's body and parameters, as Tomcat keeps its Parameters apart from its Request: the
 * body is read one way only (a stream, a reader, urlencoded form parameters or multipart
 * parts), in the character encoding in force when it was read; the parameters (the query's,
 * then the form's) are parsed when first asked for.
 */
final class RequestBody {
    /** Largest urlencoded form body read for parameters (Tomcat's maxPostSize). */
    static final int MAX_FORM_BYTES = 2 * 1024 * 1024;
    private static final int INPUT_NONE = 0;
    private static final int INPUT_STREAM = 1;
    private static final int INPUT_READER = 2;
    private static final int INPUT_PARAMETERS = 3;

    private final ForkedRequest request;
    private final Request http;
    private Map<String, List<String>> parameters;
    private Map<String, String[]> parameterMap;
    private String characterEncoding;
    private int inputState = INPUT_NONE;
    private BodyStream input;
    private BufferedReader reader;
    private List<Multipart.FormPart> parts;

    RequestBody(ForkedRequest request, Request http, String characterEncoding) {
        this.request = request;
        this.http = http;
        this.characterEncoding = characterEncoding;
    }

    // Encodings

    String characterEncoding() {
        if (characterEncoding != null) {
            return characterEncoding;
        }
        String type = request.getContentType();
        return type == null ? null : Multipart.parameter(type, "charset");
    }

    void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
        if (inputState == INPUT_READER || parameters != null) {
            return; // too late: the body was read with the encoding in force then
        }
        try {
            Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedEncodingException(encoding);
        }
        this.characterEncoding = encoding;
    }

    /** The charset the body's text is read in: the request's, else ISO-8859-1 (section 3.12). */
    Charset charset() {
        String encoding = characterEncoding();
        if (encoding != null) {
            try {
                return Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                // an unknown charset in the Content-Type: the default
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    // The body as a stream or a reader

    ServletInputStream inputStream() {
        if (inputState == INPUT_READER) {
            throw new IllegalStateException("getReader() was already called for this request");
        }
        if (input == null) {
            input = new BodyStream(inputState == INPUT_PARAMETERS ? InputStream.nullInputStream() : http.body());
        }
        if (inputState == INPUT_NONE) {
            inputState = INPUT_STREAM;
        }
        return input;
    }

    BufferedReader reader() {
        if (inputState == INPUT_STREAM) {
            throw new IllegalStateException("getInputStream() was already called for this request");
        }
        if (reader == null) {
            InputStream body = inputState == INPUT_PARAMETERS ? InputStream.nullInputStream() : http.body();
            reader = new BufferedReader(new InputStreamReader(body, charset()));
            inputState = INPUT_READER;
        }
        return reader;
    }

    // Parameters

    Map<String, List<String>> parameters() {
        if (parameters == null) {
            Map<String, List<String>> parsed = new LinkedHashMap<>();
            FormDecoder.decode(http.query(), StandardCharsets.UTF_8, parsed);
            parameters = parsed; // set before the body is read: a failure below is not retried
            try {
                readBodyParameters(parsed);
            } catch (IOException e) {
                throw new BadRequestException("the request body could not be read: " + e.getMessage());
            }
        }
        return parameters;
    }

    Map<String, String[]> parameterMap() {
        if (parameterMap == null) {
            Map<String, String[]> map = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> entry : parameters().entrySet()) {
                map.put(entry.getKey(), entry.getValue().toArray(new String[0]));
            }
            parameterMap = Collections.unmodifiableMap(map);
        }
        return parameterMap;
    }

    private void readBodyParameters(Map<String, List<String>> into) throws IOException {
        String type = request.getContentType();
        if (type == null) {
            return;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("multipart/form-data") && multipartConfig() != null && (parts != null || inputState == INPUT_NONE)) {
            try {
                for (Part part : parts()) {
                    if (part instanceof Multipart.FormPart field && field.isFormField()) {
                        into.computeIfAbsent(field.getName(), key -> new ArrayList<>(1)).add(field.text(charset()));
                    }
                }
            } catch (ServletException e) {
                throw new BadRequestException(e.getMessage());
            }
            return;
        }
        if (inputState != INPUT_NONE) {
            return;
        }
        if (lower.startsWith("application/x-www-form-urlencoded")) {
            String method = http.method();
            if (!method.equals("POST") && !method.equals("PUT")) {
                return;
            }
            inputState = INPUT_PARAMETERS;
            byte[] body = readBounded(http.body(), MAX_FORM_BYTES);
            FormDecoder.decode(new String(body, StandardCharsets.ISO_8859_1), charset(), into);
        }
    }

    private static byte[] readBounded(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            if (out.size() + n > limit) {
                throw new BadRequestException(413, "the form body is larger than " + limit + " bytes");
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    // Multipart

    private MultipartConfigElement multipartConfig() {
        Mapping mapping = request.mapping();
        return mapping == null ? null : mapping.holder().multipartConfig();
    }

    Collection<Part> parts() throws IOException, ServletException {
        if (parts == null) {
            MultipartConfigElement config = multipartConfig();
            if (config == null) {
                Mapping mapping = request.mapping();
                throw new IllegalStateException("servlet " + (mapping == null ? "?" : mapping.holder().getName())
                        + " has no multipart configuration (@MultipartConfig or <multipart-config> in web.xml)");
            }
            String boundary = Multipart.boundary(request.getContentType());
            if (boundary == null) {
                throw new ServletException("the request is not multipart/form-data (Content-Type: " + request.getContentType() + ")");
            }
            if (inputState != INPUT_NONE && inputState != INPUT_PARAMETERS) {
                throw new IllegalStateException("the request body was already read through getInputStream or getReader");
            }
            inputState = INPUT_PARAMETERS;
            Path temp = request.app().tempDirectory();
            Path location = config.getLocation() == null || config.getLocation().isEmpty() ? temp : temp.resolve(config.getLocation());
            parts = Multipart.parse(http.body(), boundary, config.getMaxFileSize(), config.getMaxRequestSize(),
                    Math.max(0, config.getFileSizeThreshold()), location);
        }
        return Collections.unmodifiableList(new ArrayList<>(parts));
    }

    /** Temporary files of multipart parts: deleted when the request is done. */
    void deleteParts() {
        if (parts != null) {
            Multipart.deleteAll(parts);
        }
    }

    /**
     * The request body as a ServletInputStream. The whole body is there to be read, blocking: a
     * ReadListener (async only) is told so at once, on this thread.
     */
    private final class BodyStream extends ServletInputStream {
        private final InputStream body;
        private boolean finished;

        BodyStream(InputStream body) {
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            int b = body.read();
            finished |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = body.read(bytes, offset, length);
            finished |= n < 0;
            return n;
        }

        @Override
        public int available() throws IOException {
            return body.available();
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            if (listener == null) {
                throw new NullPointerException("listener");
            }
            if (!request.isAsyncStarted()) {
                throw new IllegalStateException("setReadListener outside asynchronous mode");
            }
            try {
                if (!finished) {
                    listener.onDataAvailable();
                }
                if (finished || body.available() == 0) {
                    listener.onAllDataRead();
                }
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
