package io.github.lsbaws.testing.samples;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * The checks of the servlet samples (src/it/servlet-*), written once and run three ways against
 * a base URL: by a sample's verify.groovy around "mvn lsbaws:serve" ({@link #runAll}), by a
 * sample's failsafe test around lsbaws:start/stop or jetty:start/stop ({@link #fromSystemProperties},
 * reading sample.url and sample.forking), and by hand against any running server:
 * <pre>java -cp target/test-classes:$(junit jars) io.github.lsbaws.testing.samples.SampleChecks servlet-plain http://127.0.0.1:8080/ [forking]</pre>
 */
public final class SampleChecks {
    private SampleChecks() {}

    /** The checks of a sample, by the sample's directory name. */
    public static List<Check> of(String sample, Target target) {
        return switch (sample) {
            case "servlet-spring-mvc" -> SpringMvcChecks.checks(target);
            case "servlet-jersey" -> JerseyChecks.checks(target);
            case "servlet-plain" -> PlainServletChecks.checks(target);
            case "servlet-jsp" -> JspChecks.checks(target);
            case "spring-boot-app" -> SpringBootChecks.checks(target);
            default -> throw new IllegalArgumentException("no checks for a sample named " + sample);
        };
    }

    /** The checks that need the sample's project directory and a server that reloads (lsbaws:serve). */
    public static List<Check> whileServing(String sample, java.io.File basedir, Target target) {
        return sample.equals("servlet-jsp") ? JspChecks.whileServing(basedir, target) : List.of();
    }

    /** Runs every check, printing one line each, and fails listing those that failed; returns how many were skipped. */
    public static int runAll(String sample, Target target) {
        return runAll(sample, target, () -> { });
    }

    /** The same, running afterEach (a check of the server itself) after each check. */
    public static int runAll(String sample, Target target, Check.Body afterEach) {
        return runAll(sample, target, of(sample, target), afterEach);
    }

    /**
     * Runs the given checks of a sample, as above. A check that cannot run here (a tool missing)
     * is skipped with a line that says why: "SKIP sample: check (reason)".
     */
    public static int runAll(String sample, Target target, List<Check> checks, Check.Body afterEach) {
        List<String> failures = new ArrayList<>();
        int skipped = 0;
        for (Check check : checks) {
            try {
                check.body().run();
                afterEach.run();
                System.out.println("  ok   " + sample + ": " + check.name());
            } catch (TestAbortedException e) {
                System.out.println("  SKIP " + sample + ": " + check.name() + " (" + e.getMessage() + ")");
                skipped++;
            } catch (Throwable e) {
                System.out.println("  FAIL " + sample + ": " + check.name() + "\n" + e);
                failures.add(check.name() + ": " + e);
            }
        }
        System.out.println(sample + " against " + target.base() + ": " + (checks.size() - failures.size() - skipped)
                + " passed, " + skipped + " skipped, " + failures.size() + " failed");
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + checks.size() + " checks of " + sample + " failed against "
                    + target.base() + ":\n" + String.join("\n\n", failures));
        }
        return skipped;
    }

    /** The checks as JUnit tests, against the server that sample.url names (sample.forking=true for lsbaws). */
    public static Stream<DynamicTest> fromSystemProperties(String sample) {
        String url = System.getProperty("sample.url");
        if (url == null || url.isBlank() || url.contains("${")) {
            throw new IllegalStateException("sample.url is not set (" + url + "): run with -Plsbaws or -Pjetty");
        }
        Target target = new Target(URI.create(url), Boolean.parseBoolean(System.getProperty("sample.forking")));
        return of(sample, target).stream().map(check -> DynamicTest.dynamicTest(check.name(), () -> check.body().run()));
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SampleChecks servlet-spring-mvc|servlet-jersey|servlet-plain|servlet-jsp BASE_URL [forking]");
            System.exit(2);
        }
        runAll(args[0], new Target(URI.create(args[1]), args.length > 2 && args[2].equals("forking")));
    }
}
