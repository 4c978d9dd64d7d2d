package io.github.lsbaws.server.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugSettingsTest {
    @Test
    void theAddressDefaultsToLocalhost5005() {
        assertEquals("localhost:5005", DebugSettings.parse("true", null, false).address());
        assertEquals("localhost:5005", DebugSettings.parse("", null, false).address());
        assertEquals("127.0.0.1:8000", DebugSettings.parse("127.0.0.1:8000", null, false).address());
        assertEquals("localhost:8000", DebugSettings.parse("8000", null, false).address());
        assertEquals("jdb -listen 5005", DebugSettings.parse("true", null, false).jdbCommand());
    }

    @Test
    void aWrongAddressSaysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DebugSettings.parse("host:port", null, false));
        assertTrue(e.getMessage().contains("HOST:PORT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DebugSettings.parse("localhost:70000", null, false));
        assertThrows(IllegalArgumentException.class, () -> DebugSettings.parse("true", "owners/*", false));
    }

    @Test
    void withoutPathsEveryRequestIsChosenButThoseThatOptOut() {
        DebugSettings all = DebugSettings.parse("true", null, false);
        assertTrue(all.chooses("/anything", null));
        assertFalse(all.chooses("/anything", "0"));
    }

    @Test
    void withPathsTheMatchingOnesAndThoseWithTheHeader() {
        DebugSettings owners = DebugSettings.parse("true", "/owners/*, /vets", false);
        assertTrue(owners.chooses("/owners/1/edit", null));
        assertTrue(owners.chooses("/vets", null));
        assertFalse(owners.chooses("/vets.html", null));
        assertFalse(owners.chooses("/", null));
        assertTrue(owners.chooses("/", "1"));
        assertFalse(owners.chooses("/owners/1", "0"));
    }

    @Test
    void theServerJvmGetsTheSettingsAsSystemProperties() {
        assertEquals(List.of(), DebugSettings.jvmOptions(null, "/x", true));
        assertEquals(List.of("-Dlsbaws.debug=true", "-Dlsbaws.debug.path=/owners/*", "-Dlsbaws.debug.startup=true"),
                DebugSettings.jvmOptions("true", "/owners/*", true));
    }

    @Test
    void theHeadIsReadOnceWhole() {
        byte[] head = "GET /owners/1?x=2 HTTP/1.1\r\nHost: h\r\nx-debug:  1 \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertNull(RequestHead.parse(head, head.length - 2));
        RequestHead parsed = RequestHead.parse(head, head.length);
        assertEquals("/owners/1", parsed.path());
        assertEquals("1", parsed.debugField());
    }
}
