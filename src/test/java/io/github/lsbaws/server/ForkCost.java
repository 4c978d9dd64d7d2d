package io.github.lsbaws.server;

import io.github.lsbaws.jvm.ServerJvm;
import io.github.lsbaws.natives.Posix;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: the cost of one fork of a server parent (same JVM flags, same trimmed
 * memory as {@link ForkGuard} leaves it), and of a whole fork + _exit + waitpid cycle.
 * Run by scripts/bench.sh; prints one line per round.
 *
 * <p>usage: ForkCost [FORKS=2000] (re-launches itself with the server's JVM flags)
 */
public final class ForkCost {
    private ForkCost() {}

    public static void main(String[] args) throws Exception {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        runAsServerParent(ForkCost.class, Integer.toString(forks));
        ForkGuard guard = parentGuard();
        for (int round = 1; round <= 3; round++) {
            long forkNanos = 0;
            long start = System.nanoTime();
            for (int i = 0; i < forks; i++) {
                long before = System.nanoTime();
                int pid = Posix.fork();
                if (pid == 0) {
                    Posix.exitImmediately(0);
                }
                forkNanos += System.nanoTime() - before;
                while (Posix.reapOne() == null) {
                    Thread.onSpinWait();
                }
                String unsafe = guard.checkBeforeFork();
                if (unsafe != null) {
                    throw new IllegalStateException(unsafe);
                }
            }
            System.out.printf("round %d: fork %.0f us, fork+exit+wait %.0f us%n", round,
                    forkNanos / 1000.0 / forks, (System.nanoTime() - start) / 1000.0 / forks);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon") || line.startsWith("VmPTE")) {
                System.out.println("parent " + line.replaceAll("\\s+", " "));
            }
        }
    }

    /**
     * In the JVM a benchmark was started in: runs main again with the server's JVM flags, as the
     * server's re-execution does, and exits with its status. In that JVM: returns.
     */
    static void runAsServerParent(Class<?> main, String... args) throws Exception {
        if (Boolean.getBoolean("lsbaws.forkcost.child")) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServerJvm.flags(Runtime.version().feature()));
        command.add("-Dlsbaws.forkcost.child=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessSetup.limitHugePages(); // inherited by the JVM started here, as ProcessSetup's re-execution does
        System.exit(new ProcessBuilder(command).inheritIO().start().waitFor());
    }

    /** The guard of a parent about to fork, its memory as a generation's is before its first fork. */
    static ForkGuard parentGuard() throws Exception {
        ForkGuard guard = new ForkGuard();
        guard.collect();
        StablePages.moveToHugePages();
        guard.collect();
        return guard;
    }
}
