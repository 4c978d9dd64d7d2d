package io.github.lsbaws.testapps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An application whose loading makes the JIT compile code with a class-hierarchy dependency:
 * Shape has one loaded subclass, so the hot loop's call of area() is inlined as Square's. A
 * request for "/circle" loads a second subclass, which breaks that dependency (compiled code
 * still using it would need a deoptimisation handshake), then runs the loop megamorphic and
 * long enough to ask for compilations; "/" runs the loop on squares only.
 */
public class JitApps {
    /** A second of calls: the JIT compiles the loop (C1, then C2 with Square.area inlined). */
    private static final long WARM_NANOS = 1_000_000_000L;
    private static final int REQUEST_CALLS = 200_000;

    public abstract static class Shape {
        abstract long area();
    }

    public static final class Square extends Shape {
        private final long side;

        Square(long side) {
            this.side = side;
        }

        @Override
        long area() {
            return side * side;
        }
    }

    /** Loaded by the first "/circle" request, in a child. */
    public static final class Circle extends Shape {
        private final long radius;

        public Circle(long radius) {
            this.radius = radius;
        }

        @Override
        long area() {
            return 3 * radius * radius;
        }
    }

    /** Loaded with Circle: a third receiver makes the call site megamorphic. */
    public static final class Triangle extends Shape {
        @Override
        long area() {
            return 1;
        }
    }

    static {
        Shape[] squares = {new Square(1), new Square(2)};
        long end = System.nanoTime() + WARM_NANOS;
        long total = 0;
        while (System.nanoTime() < end) {
            total += sum(squares, 10_000);
        }
        if (total == 42) {
            System.out.println(total); // keeps the loop from being optimised away
        }
    }

    static long sum(Shape[] shapes, int calls) {
        long total = 0;
        for (int i = 0; i < calls; i++) {
            total += shapes[i % shapes.length].area();
        }
        return total;
    }

    public static final ServerApps.App app = (environ, start) -> {
        long total;
        if ("/circle".equals(environ.get("PATH_INFO"))) {
            Shape[] shapes;
            try {
                shapes = new Shape[] {new Square(1), (Shape) Class.forName(JitApps.class.getName() + "$Circle")
                        .getConstructor(long.class).newInstance(1L), (Shape) Class.forName(JitApps.class.getName() + "$Triangle")
                        .getConstructor().newInstance()};
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            total = sum(shapes, REQUEST_CALLS);
        } else {
            total = sum(new Shape[] {new Square(1), new Square(2)}, REQUEST_CALLS);
        }
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(Long.toString(total).getBytes(StandardCharsets.US_ASCII));
    };
}
