package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StablePages reads /proc/self/smaps by hand (no regular expression): what it reads must be what the kernel wrote. */
class StablePagesSmapsTest {
    private static final String SMAPS = """
            5648e9046000-5648e9048000 r--p 00000000 fe:00 260386                     /usr/lib/jvm/my jdk/lib/server/libjvm.so
            Size:                  8 kB
            Anonymous:             0 kB
            AnonHugePages:         0 kB
            7ff3c93d6000-7ff3c93e3000 rw-p 00000000 00:00 0\s
            Size:                 52 kB
            Anonymous:            44 kB
            AnonHugePages:      2048 kB
            7ff7879da000-7ff7879de000 r--p 001d3000 00:00 0                          [vvar]
            Size:                 16 kB
            Anonymous:             0 kB
            AnonHugePages:         0 kB
            """;

    @Test
    void eachMappingHasItsBoundsPermissionsOffsetPathAndPrivateKilobytes() {
        List<StablePages.Mapping> mappings = StablePages.mappings(SMAPS);
        assertEquals(List.of(
                new StablePages.Mapping(0x5648e9046000L, 0x5648e9048000L, "r--p", 0, "/usr/lib/jvm/my jdk/lib/server/libjvm.so", 0),
                new StablePages.Mapping(0x7ff3c93d6000L, 0x7ff3c93e3000L, "rw-p", 0, "", 44),
                new StablePages.Mapping(0x7ff7879da000L, 0x7ff7879de000L, "r--p", 0x1d3000, "[vvar]", 0)), mappings);
    }

    @Test
    void hugePagesAreReadForTheMappingThatStartsThere() {
        assertEquals(2048 * 1024, StablePages.hugeBytes(SMAPS, 0x7ff3c93d6000L));
        assertEquals(0, StablePages.hugeBytes(SMAPS, 0x5648e9046000L));
        assertEquals(0, StablePages.hugeBytes(SMAPS, 0x1000L)); // no mapping starts there
    }

    @Test
    void thisProcessesOwnSmapsReadsAsManyMappingsAsItsMapsHasLines() throws IOException {
        String smaps = Files.readString(Path.of("/proc/self/smaps"));
        long headers = smaps.lines().filter(line -> !Character.isUpperCase(line.charAt(0))).count();
        List<StablePages.Mapping> mappings = StablePages.mappings(smaps);
        assertEquals(headers, mappings.size());
        for (StablePages.Mapping mapping : mappings) {
            assertTrue(mapping.start() < mapping.end(), mapping.toString());
            assertEquals(4, mapping.permissions().length(), mapping.toString());
        }
    }
}
