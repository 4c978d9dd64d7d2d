package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
    @Test
    void argumentsRoundTrip() {
        ServerOptions options = ServerOptions.of("com.example.App:app", List.of("/p/target/classes", "/r/dep.jar"))
                .withAddress("::1", 0)
                .withLimits(10, 20, 3000, 4000)
                .withHttpLimits(2048, 99, 1500)
                .withWarmup(List.of("/", "/hello?name=x"))
                .withWatchStdin(true);
        assertEquals(options, ServerOptions.parse(options.toArguments().toArray(new String[0])));
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertEquals("--port needs a number, not 'eighty'",
                assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(new String[] {"--port", "eighty"})).getMessage());
        assertEquals("unknown option --colour",
                assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(new String[] {"--colour", "red"})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.of("a", List.of()).withAddress("h", 70000));
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.of("a", List.of()).withWarmup(List.of("no-slash")));
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.of("a", List.of()).withHttpLimits(10, 1, 1));
    }
}
