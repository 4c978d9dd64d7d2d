package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A web application's options survive the trip to the server JVM's command line. */
class WebAppOptionsTest {
    @Test
    void webApplicationOptionsRoundTrip() {
        ServerOptions options = ServerOptions.of(null, List.of("/p/classes", "/p/lib/a.jar"))
                .withWebApp("/p/src/main/webapp", "/shop", "/p/target/lsbaws");
        ServerOptions parsed = ServerOptions.parse(options.toArguments().toArray(new String[0]));
        assertNull(parsed.app());
        assertEquals("/p/src/main/webapp", parsed.webapp());
        assertEquals("/shop", parsed.contextPath());
        assertEquals("/p/target/lsbaws", parsed.stateDir());
        assertEquals(List.of("/p/classes", "/p/lib/a.jar"), parsed.appClasspath());
    }

    @Test
    void withoutAWebApplicationNothingIsAdded() {
        ServerOptions options = ServerOptions.of("com.example.App:app", List.of());
        assertEquals(-1, options.toArguments().indexOf("--webapp"));
        ServerOptions parsed = ServerOptions.parse(options.toArguments().toArray(new String[0]));
        assertEquals("", parsed.contextPath());
        assertNull(parsed.webapp());
    }
}
