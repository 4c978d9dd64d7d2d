package io.github.lsbaws.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentDecoderTest {
    @Test
    void decodesUtf8EscapesAndLeavesPlusAlone() throws HttpException {
        assertEquals("/a b/é/x+y", PercentDecoder.decodePath("/a%20b/%C3%A9/x+y"));
        assertEquals("/a/b", PercentDecoder.decodePath("/a%2Fb"));
        assertEquals("/plain", PercentDecoder.decodePath("/plain"));
    }

    @Test
    void refusesBrokenEscapesAndNonUtf8() {
        assertEquals(400, assertThrows(HttpException.class, () -> PercentDecoder.decodePath("/%4")).status());
        assertEquals(400, assertThrows(HttpException.class, () -> PercentDecoder.decodePath("/%zz")).status());
        assertEquals(400, assertThrows(HttpException.class, () -> PercentDecoder.decodePath("/%C3")).status());
    }
}
