package io.github.lsbaws.testapps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@link JitApps} with more for a child to do in code the parent compiled: "/" and "/circle" as
 * there (C1 binds no call of an abstract method by class-hierarchy analysis: a second subclass of
 * Shape breaks nothing C1 compiled); "/override" loads a subclass overriding a method that has
 * had one implementation, whose calls the compiled loop binds to it (a dependency it breaks);
 * "/rare" takes a branch the parent never took, creating an instance of a
 * class not loaded when the method was compiled (C1 compiled it as a patching stub, which the
 * child patches; C2 would have compiled an uncommon trap); "/megamorphic" turns the thousand
 * inline caches of {@link JitCallSites} megamorphic.
 */
public class JitChildApps {
    private static final long WARM_NANOS = 1_000_000_000L;
    /** JitApps, initialised (its loop compiled) with this class, not in a child. */
    private static final ServerApps.App SHAPES = JitApps.app;

    /** Loaded by the first "/rare" request, in a child. */
    static final class Rare {
        final long value = 7;
    }

    /** A class with one implementation of step() until a child loads {@link Doubler}. */
    static class Counter {
        long step() {
            return 1;
        }
    }

    /** Loaded by the first "/override" request, in a child. */
    static final class Doubler extends Counter {
        @Override
        long step() {
            return 2 * super.step();
        }
    }

    static {
        Counter[] counters = {new Counter()};
        long end = System.nanoTime() + WARM_NANOS;
        long total = 0;
        JitCallSites.Polygon square = new JitCallSites.Square();
        new JitCallSites.Hexagon(); // loaded and linked: no site is bound to Square alone by class-hierarchy analysis
        for (int i = 0; System.nanoTime() < end || i < 2_000; i++) {
            total += JitCallSites.callEverySite(square) + maybeRare(i) + count(counters);
        }
        if (total == 42) {
            System.out.println(total); // keeps the loop from being optimised away
        }
    }

    static long count(Counter[] counters) {
        long total = 0;
        for (int i = 0; i < 1_000; i++) {
            total += counters[i % counters.length].step();
        }
        return total;
    }

    static long maybeRare(int i) {
        return i < 0 ? new Rare().value : i & 1;
    }

    public static final ServerApps.App app = (environ, start) -> {
        String body;
        switch (String.valueOf(environ.get("PATH_INFO"))) {
            case "/override" -> {
                try {
                    body = Long.toString(count(new Counter[] {new Counter(), (Counter) Class.forName(JitChildApps.class.getName() + "$Doubler")
                            .getDeclaredConstructor().newInstance()}));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            case "/rare" -> body = Long.toString(maybeRare(-1));
            case "/megamorphic" -> body = Long.toString(JitCallSites.callEverySite(new JitCallSites.Hexagon())
                    + JitCallSites.callEverySite(new JitCallSites.Square()));
            default -> {
                return SHAPES.apply(environ, start);
            }
        }
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(body.getBytes(StandardCharsets.US_ASCII));
    };
}
