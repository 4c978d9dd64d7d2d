package io.github.lsbaws.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** nodejs/http-parser's request vectors (src/test/resources/http-parser-requests.tsv) through RequestReader. */
class RequestReaderVectorsTest {
    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> vectors = new ArrayList<>();
        try (InputStream in = RequestReaderVectorsTest.class.getResourceAsStream("/http-parser-requests.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] columns = line.split("\t");
                    vectors.add(Arguments.of(columns[0], unescape(columns[1]), columns[2]));
                }
            }
        }
        return vectors.stream();
    }

    private static String unescape(String raw) {
        return raw.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"");
    }

    private static Request parse(String raw) throws IOException {
        return new RequestReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), Limits.DEFAULT).read();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void parsesLikeHttpParserOrRefusesWithReason(String name, String raw, String expected) throws IOException {
        if (expected.startsWith("!")) {
            int status = Integer.parseInt(expected.substring(1, 4));
            assertEquals(status, assertThrows(HttpException.class, () -> parse(raw).body().readAllBytes()).status(), name);
            return;
        }
        String request = raw;
        boolean needsHost = raw.contains("HTTP/1.1\r\n") && !raw.toLowerCase().contains("\r\nhost:");
        if (needsHost) {
            assertEquals(400, assertThrows(HttpException.class, () -> parse(raw)).status(), name + " has no Host");
            int lineEnd = raw.indexOf("HTTP/1.1\r\n") + "HTTP/1.1\r\n".length();
            request = raw.substring(0, lineEnd) + "Host: h\r\n" + raw.substring(lineEnd);
        }
        Request parsed = parse(request);
        String[] fields = expected.split(" ", 6);
        assertEquals(fields[0], parsed.method(), name);
        assertEquals(fields[1], parsed.path(), name);
        assertEquals(fields[2].equals("-") ? "" : fields[2], parsed.query(), name);
        assertEquals(fields[3], parsed.version(), name);
        assertEquals(Integer.parseInt(fields[4]) + (needsHost ? 1 : 0), parsed.headers().size(), name);
        String body = new String(parsed.body().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals(fields[5].equals("-") ? "" : fields[5], body, name);
        assertTrue(parsed.target().startsWith("/"), name);
    }
}
