package io.github.lsbaws.server;

import java.io.PrintWriter;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.StringConcatFactory;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs in the parent the JDK's code that request handlers commonly run for the first time: the
 * default time zone and java.time's formatting, Formatter (String.format), streams and their
 * collectors (the JDK's own lambdas in them), regular expressions, string concatenation of the
 * common shapes, number parsing and printing, stack traces. A child that
 * runs them finds their classes loaded and initialised, their call sites linked and their
 * caches filled, instead of doing it at the interpreter's pace.
 *
 * <p>Only code without consequence for the children: nothing that starts a thread, seeds a
 * random generator (SecureRandom, ThreadLocalRandom, Math.random, UUID) or keeps the process's
 * identity (ProcessHandle.current() is prepared by {@link ChildIdentity}, which gives each child its own).
 *
 * <p>It runs while a generation is a standby, before it knows the application, so a reload does
 * not wait for it. What it saves a child is in docs/performance.md (the <i>prelinked</i> column of
 * {@code scripts/warm-table.sh}).
 */
final class JdkFirstUses {
    private JdkFirstUses() {}

    /** Runs them all; returns a digest of the results, so that nothing is optimised away. */
    static int run() {
        int digest = time().length() + formatting().length() + collections().length() + regex().length();
        digest += concatenations() + numbersAndText().length() + stackTrace();
        return digest;
    }

    private static String time() {
        LocalDateTime now = LocalDateTime.now();
        return LocalDate.now().toString() + now + Instant.now() + ZonedDateTime.now()
                + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(now)
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format(now)
                + Duration.ofMillis(1500);
    }

    private static String formatting() {
        return String.format("%s %d %5.2f %x %b %c %08d %-6s|%n", "a", 42, 3.14159, 255, true, 'c', 7, "left")
                + String.format(Locale.ROOT, "%,d %.3e", 1234567, 0.000123) + "%s=%d".formatted("k", 1);
    }

    private static String collections() {
        List<String> words = new ArrayList<>(List.of("pear", "apple", "fig", "apple"));
        Map<String, Integer> counts = new HashMap<>();
        for (String word : words) {
            counts.merge(word, 1, Integer::sum);
        }
        counts.computeIfAbsent("kiwi", w -> w.length());
        counts.getOrDefault("none", 0);
        Map<String, Integer> sorted = new TreeMap<>(counts);
        Map<String, List<String>> byLetter = words.stream().collect(Collectors.groupingBy(w -> w.substring(0, 1)));
        words.sort(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()));
        ArrayDeque<String> deque = new ArrayDeque<>(words);
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        deque.forEach(joiner::add);
        return words.stream().filter(Objects::nonNull).map(String::toUpperCase).distinct().sorted()
                .collect(Collectors.joining(",")) + joiner + sorted + byLetter
                + words.stream().collect(Collectors.toMap(w -> w, String::length, (a, b) -> a, LinkedHashMap::new))
                + words.stream().map(String::length).collect(Collectors.toList())
                + words.stream().mapToInt(String::length).sum() + IntStream.range(0, 3).boxed().toList()
                + Arrays.asList(3, 1, 2).stream().sorted(Comparator.reverseOrder()).count()
                + Optional.of("x").map(String::trim).orElse("") + String.join("-", words)
                + Map.entry("k", "v") + Map.of("a", 1) + List.copyOf(words);
    }

    private static String regex() {
        Matcher matcher = Pattern.compile("(\\w+)=(\\d+)").matcher("a=1&b=22");
        StringBuilder found = new StringBuilder();
        while (matcher.find()) {
            found.append(matcher.group(1)).append(matcher.group(2));
        }
        return found + "a1b22".replaceAll("[0-9]+", "#") + "x,y;z".split("[,;]").length + "abc".matches("[a-c]+")
                + Pattern.compile("\\s+").splitAsStream("a b").count();
    }

    /**
     * String concatenation of the common shapes, as javac compiles "..." + x (the server's own
     * code is compiled to StringBuilder calls): each recipe linked through the bootstrap an
     * invokedynamic call site calls, which builds and caches the method handle shapes every
     * call site of that shape shares; a child still links its own call sites, for a fraction.
     */
    private static int concatenations() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object[][] shapes = {{String.class}, {Object.class}, {int.class}, {String.class, String.class},
                {String.class, int.class}, {String.class, long.class}, {String.class, Object.class},
                {String.class, String.class, String.class}};
        int linked = 0;
        for (Object[] shape : shapes) {
            Class<?>[] types = Arrays.copyOf(shape, shape.length, Class[].class);
            String recipe = "<" + "\u0001:".repeat(types.length - 1) + "\u0001>";
            try {
                CallSite site = StringConcatFactory.makeConcatWithConstants(lookup, "concat",
                        MethodType.methodType(String.class, types), recipe);
                Object[] arguments = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    arguments[i] = types[i] == int.class ? (Object) 1 : types[i] == long.class ? (Object) 1L : "x";
                }
                linked += ((String) site.dynamicInvoker().invokeWithArguments(arguments)).length();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // A shape that does not link here is linked by the child as before.
            }
        }
        return linked;
    }

    private static String numbersAndText() {
        return Integer.parseInt("42") + Long.parseLong("-7") + Double.parseDouble("2.5") + Double.toString(0.1)
                + String.valueOf(1.5f) + Integer.toHexString(255) + Long.toString(1L << 40)
                + URLDecoder.decode("a%20b+c", StandardCharsets.UTF_8) + URLEncoder.encode("a b&c", StandardCharsets.UTF_8)
                + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + Base64.getDecoder().decode("AQID").length
                + " Text ".strip().toUpperCase(Locale.ROOT) + "TEXT".toLowerCase() + "ab".repeat(2) + "a\nb".lines().count()
                + "Abc".equalsIgnoreCase("aBC") + new StringBuilder("abc").reverse().insert(0, 'x')
                + new String("\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** An application's exception, printed with its cause: what a child does when a handler fails. */
    private static int stackTrace() {
        Throwable failure = new IllegalStateException("warm", new RuntimeException("cause"));
        PrintWriter out = new PrintWriter(Writer.nullWriter());
        failure.printStackTrace(out);
        out.flush();
        return failure.getStackTrace().length;
    }
}
