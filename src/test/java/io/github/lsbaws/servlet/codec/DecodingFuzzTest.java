package io.github.lsbaws.servlet.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a client sends, decoding it either succeeds or fails with a clean 4xx
 * ({@link BadRequestException}): never another exception, which would be a 500. Inputs are
 * built from the pieces that trip decoders (escapes cut short, dot segments, encoded slashes,
 * stray delimiters), at random from a fixed seed: a failure names its input and its round.
 */
class DecodingFuzzTest {
    private static final long SEED = 20261202L;

    @TempDir
    Path temp;

    /** Runs check on rounds inputs from generate, each with a Random of its own round. */
    private static <T> void fuzz(int rounds, Function<Random, T> generate, Consumer<T> check) {
        for (int round = 0; round < rounds; round++) {
            T input = generate.apply(new Random(SEED + round));
            try {
                check.accept(input);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("round " + round + ", input " + describe(input) + ": " + e, e);
            }
        }
    }

    private static String describe(Object input) {
        String text = input instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(input);
        return "'" + text.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    /** Up to max pieces, each one of choices or a run of random characters from alphabet. */
    private static String pieces(Random random, int max, String alphabet, String... choices) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            if (choices.length > 0 && random.nextBoolean()) {
                text.append(choices[random.nextInt(choices.length)]);
            } else {
                for (int n = random.nextInt(6); n > 0; n--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
        }
        return text.toString();
    }

    private static String formText(Random random) {
        return pieces(random, 12, "ab=&+%0123456789abcdefABCDEF\u00e9\u0000\u20ac",
                "%C3%A9", "%E2%82", "%", "%G0", "=", "&&", "+", "%00", "\u00e9", "%2", "a=b");
    }

    @Test
    void formsDecodeOrAre400() {
        fuzz(3000, DecodingFuzzTest::formText, text -> {
            try {
                FormDecoder.decode(text, StandardCharsets.UTF_8);
                FormDecoder.decode(text, StandardCharsets.ISO_8859_1);
            } catch (BadRequestException e) {
                assertEquals(400, e.status());
            }
        });
    }

    @Test
    void pathsCanonicaliseSafelyOrAre400() {
        String[] segments = {"", ".", "..", "%2e", "%2E%2e", ".%2e", "a", "WEB-INF", "b;c", ";", "..;x", "%2f", "%5C", "\\",
                "%00", "%25", "%", "%zz", "%C3%A9", "%E2%82", "x%20y", "~", "%7e"};
        fuzz(4000, random -> {
            StringBuilder path = new StringBuilder();
            for (int i = random.nextInt(9); i > 0; i--) {
                path.append('/').append(random.nextBoolean() ? segments[random.nextInt(segments.length)]
                        : pieces(random, 2, "a.%;/\\2fF5cC0e"));
            }
            return path.length() == 0 ? "/" : path.toString();
        }, raw -> {
            String canonical;
            try {
                canonical = UriPath.canonical(raw);
            } catch (BadRequestException e) {
                assertEquals(400, e.status());
                return;
            }
            assertTrue(canonical.startsWith("/"), canonical);
            assertTrue(canonical.indexOf('\\') < 0 && canonical.indexOf('\0') < 0, canonical);
            for (String segment : canonical.split("/", -1)) {
                assertFalse(segment.equals("..") || segment.equals("."), canonical);
            }
            assertFalse(canonical.contains("//"), canonical);
            assertEquals(canonical, UriPath.canonical(canonical.replace("%", "%25")), "canonical twice");
        });
    }

    @Test
    void multipartParsesOrIs4xxAndLeavesNoTemporaryFile() {
        String[] headers = {"Content-Disposition: form-data; name=\"a\"", "Content-Disposition: form-data; name=\"f\"; filename=\"x\"",
                "Content-Disposition: form-data", "Content-Disposition: attachment; name=x", "X: y", "", "no colon",
                "Content-Disposition: form-data; name=\"u\"; filename*=UTF-8''%E2%82%AC"};
        String[] separators = {"\r\n\r\n", "\r\n", "\n\n", ""};
        String[] delimiters = {"--B\r\n", "--B--\r\n", "--B", "\r\n--B\r\n", "--B  \r\n", "-B\r\n", "--B--"};
        fuzz(3000, random -> {
            StringBuilder body = new StringBuilder();
            for (int i = random.nextInt(5); i > 0; i--) {
                body.append(delimiters[random.nextInt(delimiters.length)]);
                body.append(headers[random.nextInt(headers.length)]).append(separators[random.nextInt(separators.length)]);
                body.append(pieces(random, 8, "ab\r\n-", "--B", "\r\n"));
            }
            return body.append(pieces(random, 3, "ab\r\n-")).toString().getBytes(StandardCharsets.UTF_8);
        }, body -> {
            try {
                List<Multipart.FormPart> parts = Multipart.parse(new ByteArrayInputStream(body), "B", 64, 256, 8, temp);
                for (Multipart.FormPart part : parts) {
                    part.getInputStream().readAllBytes();
                    part.getName();
                }
                Multipart.deleteAll(parts);
            } catch (BadRequestException e) {
                assertTrue(e.status() == 400 || e.status() == 413, "status " + e.status());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try (var files = Files.list(temp)) {
                assertEquals(0, files.count(), "temporary files left");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void cookieHeadersNeverFail() {
        fuzz(1000, DecodingFuzzTest::formText, header -> Cookies.parse(List.of(header)));
    }
}
