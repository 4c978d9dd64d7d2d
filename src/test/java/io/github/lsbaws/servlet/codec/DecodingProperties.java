package io.github.lsbaws.servlet.codec;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a client sends, decoding it either succeeds or fails with a clean 4xx
 * ({@link BadRequestException}): never another exception, which would be a 500.
 */
class DecodingProperties {
    private static Path temp;

    @BeforeContainer
    static void temp() throws Exception {
        temp = Files.createTempDirectory("lsbaws-properties");
    }

    @AfterContainer
    static void removeTemp() throws Exception {
        try (var files = Files.walk(temp)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Provide
    Arbitrary<String> formText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab=&+%").ofMaxLength(6),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF%").ofMaxLength(6),
                Arbitraries.strings().all().ofMaxLength(4),
                Arbitraries.of("%C3%A9", "%E2%82", "%", "%G0", "=", "&&", "+", "%00", "é"));
        return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
    }

    @Property(tries = 2000)
    void formsDecodeOrAre400(@ForAll("formText") String text) {
        try {
            FormDecoder.decode(text, StandardCharsets.UTF_8);
            FormDecoder.decode(text, StandardCharsets.ISO_8859_1);
        } catch (BadRequestException e) {
            assert e.status() == 400 : e.status();
        }
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "%2e", "%2E%2e", ".%2e", "a", "WEB-INF", "b;c", ";", "..;x", "%2f", "%5C", "\\",
                        "%00", "%25", "%", "%zz", "%C3%A9", "%E2%82", "x%20y", "~", "%7e"),
                Arbitraries.strings().withChars("a.%;/\\2fF5cC0e").ofMaxLength(5));
        return segment.list().ofMaxSize(8).map(list -> "/" + String.join("/", list));
    }

    @Property(tries = 3000)
    void pathsCanonicaliseSafelyOrAre400(@ForAll("paths") String raw) {
        String canonical;
        try {
            canonical = UriPath.canonical(raw);
        } catch (BadRequestException e) {
            assert e.status() == 400 : e.status();
            return;
        }
        assert canonical.startsWith("/") : canonical;
        assert canonical.indexOf('\\') < 0 && canonical.indexOf('\0') < 0 : canonical;
        for (String segment : canonical.split("/", -1)) {
            assert !segment.equals("..") && !segment.equals(".") : raw + " -> " + canonical;
        }
        assert !canonical.contains("//") : raw + " -> " + canonical;
        assert UriPath.canonical(canonical.replace("%", "%25")).equals(canonical) : "canonical twice: " + canonical;
    }

    @Provide
    Arbitrary<byte[]> multipartBodies() {
        Arbitrary<String> part = Combinators.combine(
                Arbitraries.of("Content-Disposition: form-data; name=\"a\"", "Content-Disposition: form-data; name=\"f\"; filename=\"x\"",
                        "Content-Disposition: form-data", "Content-Disposition: attachment; name=x", "X: y", "", "no colon",
                        "Content-Disposition: form-data; name=\"u\"; filename*=UTF-8''%E2%82%AC"),
                Arbitraries.strings().withChars("ab\r\n-").ofMaxLength(40),
                Arbitraries.of("\r\n\r\n", "\r\n", "\n\n", ""))
                .as((headers, content, separator) -> headers + separator + content);
        Arbitrary<String> delimiter = Arbitraries.of("--B\r\n", "--B--\r\n", "--B", "\r\n--B\r\n", "--B  \r\n", "-B\r\n", "--B--");
        return Combinators.combine(delimiter.list().ofMaxSize(4), part.list().ofMaxSize(4),
                Arbitraries.strings().withChars("ab\r\n-").ofMaxLength(10))
                .as((delimiters, parts, tail) -> {
                    StringBuilder body = new StringBuilder();
                    for (int i = 0; i < Math.max(delimiters.size(), parts.size()); i++) {
                        if (i < delimiters.size()) {
                            body.append(delimiters.get(i));
                        }
                        if (i < parts.size()) {
                            body.append(parts.get(i));
                        }
                    }
                    return body.append(tail).toString().getBytes(StandardCharsets.UTF_8);
                });
    }

    @Property(tries = 2000)
    void multipartParsesOrIs4xx(@ForAll("multipartBodies") byte[] body) throws Exception {
        try {
            List<Multipart.FormPart> parts = Multipart.parse(new ByteArrayInputStream(body), "B", 64, 256, 8, temp);
            for (Multipart.FormPart part : parts) {
                part.getInputStream().readAllBytes();
                part.getName();
            }
            Multipart.deleteAll(parts);
        } catch (BadRequestException e) {
            assert e.status() == 400 || e.status() == 413 : e.status();
        }
        try (var files = Files.list(temp)) {
            assert files.count() == 0 : "temporary files left";
        }
    }

    @Property(tries = 500)
    void cookieHeadersNeverFail(@ForAll("formText") String header) {
        Cookies.parse(List.of(header));
    }
}
