package io.github.lsbaws.servlet.codec;

import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * multipart/form-data (RFC 7578) read from a request body as it streams: each part's content is
 * kept in memory up to the file-size threshold and spilled to a temporary file past it, within
 * the limits of the servlet's multipart configuration. A malformed body is a 400, a part or body
 * over its limit a 413 ({@link BadRequestException}). The caller deletes the temporary files
 * once the request is done ({@link #deleteAll}).
 */
public final class Multipart {
    private static final int MAX_PART_HEADER_BYTES = 16 * 1024;
    private static final int MAX_PARTS = 1000;
    private static final int CHUNK = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final long maxFileSize;
    private final long maxRequestSize;
    private final long threshold;
    private final Path location;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean eof;
    private long total;

    private Multipart(InputStream in, String boundary, long maxFileSize, long maxRequestSize, long threshold, Path location) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxFileSize = maxFileSize;
        this.maxRequestSize = maxRequestSize;
        this.threshold = threshold;
        this.location = location;
        this.buffer = new byte[Math.max(CHUNK, delimiter.length * 4)];
        // The body starts with "--boundary", not "\r\n--boundary": a virtual CRLF before it makes every delimiter alike.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The boundary parameter of a multipart/form-data content type, or null when it is not one. */
    public static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new BadRequestException("multipart/form-data without a valid boundary");
        }
        return boundary;
    }

    /**
     * Reads every part of body.
     *
     * @param maxFileSize largest part content, -1 for no limit
     * @param maxRequestSize largest body, -1 for no limit
     * @param threshold content kept in memory up to this size, in a file past it
     * @param location where temporary files go
     */
    public static List<FormPart> parse(InputStream body, String boundary, long maxFileSize, long maxRequestSize,
                                       long threshold, Path location) throws IOException {
        Multipart parser = new Multipart(body, boundary, maxFileSize, maxRequestSize, threshold, location);
        List<FormPart> parts = new ArrayList<>();
        try {
            parser.readParts(parts);
        } catch (IOException | RuntimeException e) {
            deleteAll(parts);
            throw e;
        }
        return parts;
    }

    /** Deletes the temporary files of parts. */
    public static void deleteAll(Collection<? extends Part> parts) {
        for (Part part : parts) {
            try {
                part.delete();
            } catch (IOException e) {
                // a file the application moved or removed itself
            }
        }
    }

    private void readParts(List<FormPart> parts) throws IOException {
        if (!skipToDelimiter(null)) {
            throw new BadRequestException("multipart body without its boundary");
        }
        while (true) {
            int first = next();
            int second = next();
            if (first == '-' && second == '-') {
                return; // the close delimiter; the epilogue is ignored
            }
            while (first == ' ' || first == '\t') { // transport padding
                first = second;
                second = next();
            }
            if (first != '\r' || second != '\n') {
                throw new BadRequestException("malformed multipart delimiter line");
            }
            if (parts.size() >= MAX_PARTS) {
                throw new BadRequestException("more than " + MAX_PARTS + " multipart parts");
            }
            Map<String, List<String>> headers = readHeaders();
            FormPart part = new FormPart(headers, location);
            parts.add(part);
            PartSink sink = new PartSink(part);
            if (!skipToDelimiter(sink)) {
                throw new BadRequestException("multipart body ends inside a part");
            }
            sink.finish();
        }
    }

    private int next() throws IOException {
        if (position == limit && !fill()) {
            throw new BadRequestException("multipart body ends early");
        }
        return buffer[position++] & 0xff;
    }

    /** Moves what is unread to the buffer's start and reads more; false at the end of the body. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        total += n;
        if (maxRequestSize >= 0 && total > maxRequestSize) {
            throw new BadRequestException(413, "the multipart request exceeds its maxRequestSize of " + maxRequestSize + " bytes");
        }
        limit += n;
        return true;
    }

    private Map<String, List<String>> readHeaders() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int bytes = 0;
        while (true) {
            int c = next();
            if (++bytes > MAX_PART_HEADER_BYTES) {
                throw new BadRequestException("multipart part headers over " + MAX_PART_HEADER_BYTES + " bytes");
            }
            if (c != '\n') {
                line.write(c);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                return headers;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new BadRequestException("malformed multipart part header");
            }
            headers.computeIfAbsent(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), key -> new ArrayList<>(1))
                    .add(text.substring(colon + 1).strip());
        }
    }

    /**
     * Passes the bytes before the next delimiter to sink (null: discards them) and consumes the
     * delimiter; false if the body ended first.
     */
    private boolean skipToDelimiter(PartSink sink) throws IOException {
        byte first = delimiter[0];
        int length = delimiter.length;
        while (true) {
            int scan = position;
            int found = -1;
            while (scan + length <= limit) {
                if (buffer[scan] == first && matches(scan)) {
                    found = scan;
                    break;
                }
                scan++;
            }
            if (found >= 0) {
                if (sink != null) {
                    sink.write(buffer, position, found - position);
                }
                position = found + length;
                return true;
            }
            // No whole delimiter: everything before a possible partial one at the end is content.
            int safe = Math.max(position, limit - length + 1);
            if (sink != null) {
                sink.write(buffer, position, safe - position);
            }
            position = safe;
            if (!fill()) {
                return false;
            }
        }
    }

    private boolean matches(int at) {
        for (int i = 1; i < delimiter.length; i++) {
            if (buffer[at + i] != delimiter[i]) {
                return false;
            }
        }
        return true;
    }

    /** A parameter of a header value such as Content-Type or Content-Disposition, unquoted, or null. */
    public static String parameter(String header, String name) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int start = i + 1;
            while (start < header.length() && header.charAt(start) == ' ') {
                start++;
            }
            int eq = header.indexOf('=', start);
            if (eq < 0) {
                return null;
            }
            String key = header.substring(start, eq).strip();
            int valueStart = eq + 1;
            String value;
            int end;
            if (valueStart < header.length() && header.charAt(valueStart) == '"') {
                StringBuilder quoted = new StringBuilder();
                end = valueStart + 1;
                while (end < header.length() && header.charAt(end) != '"') {
                    char c = header.charAt(end);
                    if (c == '\\' && end + 1 < header.length() && header.charAt(end + 1) == '"') {
                        c = '"';
                        end++;
                    }
                    quoted.append(c);
                    end++;
                }
                value = quoted.toString();
                end = header.indexOf(';', end);
            } else {
                end = header.indexOf(';', valueStart);
                value = header.substring(valueStart, end < 0 ? header.length() : end).strip();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = end;
        }
        return null;
    }

    /** Writes a part's content to memory, then to a temporary file past the threshold. */
    private final class PartSink {
        private final FormPart part;
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private OutputStream file;

        PartSink(FormPart part) {
            this.part = part;
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            part.size += length;
            if (maxFileSize >= 0 && part.size > maxFileSize) {
                throw new BadRequestException(413, "multipart part '" + part.getName() + "' exceeds its maxFileSize of "
                        + maxFileSize + " bytes");
            }
            if (file == null && part.size > threshold) {
                Files.createDirectories(location);
                part.file = Files.createTempFile(location, "lsbaws-part-", ".tmp");
                file = Files.newOutputStream(part.file);
                memory.writeTo(file);
                memory = null;
            }
            if (file != null) {
                file.write(bytes, offset, length);
            } else {
                memory.write(bytes, offset, length);
            }
        }

        void finish() throws IOException {
            if (file != null) {
                file.close();
            } else {
                part.memory = memory.toByteArray();
            }
        }
    }

    /** One part: its headers and its content, in memory or in a temporary file. */
    public static final class FormPart implements Part {
        private final Map<String, List<String>> headers;
        private final String name;
        private final String fileName;
        private long size;
        private byte[] memory;
        private Path file;
        private boolean moved;
        private final Path location;

        FormPart(Map<String, List<String>> headers, Path location) {
            this.headers = headers;
            this.location = location;
            List<String> disposition = headers.get("content-disposition");
            if (disposition == null || !disposition.get(0).toLowerCase(Locale.ROOT).startsWith("form-data")) {
                throw new BadRequestException("a multipart part without Content-Disposition: form-data");
            }
            String value = disposition.get(0);
            String partName = parameter(value, "name");
            if (partName == null) {
                throw new BadRequestException("a multipart part without a name");
            }
            this.name = partName;
            String extended = parameter(value, "filename*");
            String plain = parameter(value, "filename");
            this.fileName = extended != null ? decodeExtended(extended, plain) : plain;
        }

        /** RFC 5987 ext-value: charset'language'percent-encoded. */
        private static String decodeExtended(String value, String fallback) {
            int first = value.indexOf('\'');
            int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
            if (second < 0) {
                return fallback;
            }
            try {
                java.nio.charset.Charset charset = java.nio.charset.Charset.forName(value.substring(0, first));
                String encoded = value.substring(second + 1);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int i = 0; i < encoded.length(); i++) {
                    char c = encoded.charAt(i);
                    if (c == '%' && i + 2 < encoded.length()) {
                        bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        bytes.write(c);
                    }
                }
                return bytes.toString(charset);
            } catch (IllegalArgumentException e) {
                return fallback;
            }
        }

        /** Whether this part is a form field (no file name): its content is a parameter value. */
        public boolean isFormField() {
            return fileName == null;
        }

        /** The content as text in charset (the part's own charset wins). */
        public String text(java.nio.charset.Charset charset) throws IOException {
            String type = getContentType();
            String own = type == null ? null : parameter(type, "charset");
            java.nio.charset.Charset use = charset;
            if (own != null) {
                try {
                    use = java.nio.charset.Charset.forName(own);
                } catch (IllegalArgumentException e) {
                    // an unknown charset: the request's
                }
            }
            try (InputStream content = getInputStream()) {
                return new String(content.readAllBytes(), use);
            }
        }

        @Override
        public InputStream getInputStream() throws IOException {
            if (file != null) {
                return Files.newInputStream(file);
            }
            return new ByteArrayInputStream(memory == null ? new byte[0] : memory);
        }

        @Override
        public String getContentType() {
            return getHeader("content-type");
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getSubmittedFileName() {
            return fileName;
        }

        @Override
        public long getSize() {
            return size;
        }

        /** Writes the content to fileName, relative to the multipart location unless absolute (a temporary file is moved). */
        @Override
        public void write(String fileName) throws IOException {
            Path target = Path.of(fileName);
            if (!target.isAbsolute()) {
                target = location.resolve(fileName);
            }
            if (file != null) {
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                file = target;
                moved = true;
            } else {
                Files.write(target, memory == null ? new byte[0] : memory);
            }
        }

        @Override
        public void delete() throws IOException {
            if (file != null && !moved) {
                Files.deleteIfExists(file);
            }
            memory = null;
        }

        @Override
        public String getHeader(String headerName) {
            List<String> values = headers.get(headerName.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        @Override
        public Collection<String> getHeaders(String headerName) {
            List<String> values = headers.get(headerName.toLowerCase(Locale.ROOT));
            return values == null ? List.of() : List.copyOf(values);
        }

        @Override
        public Collection<String> getHeaderNames() {
            return List.copyOf(headers.keySet());
        }
    }
}
