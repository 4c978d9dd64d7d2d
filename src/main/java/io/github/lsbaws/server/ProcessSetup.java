package io.github.lsbaws.server;

import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import io.github.lsbaws.protocol.Signals;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares the server's process for forking. First its signal handling: SIGCHLD, SIGTERM, SIGINT
 * and SIGHUP must be blocked in every thread so that they wait in the signalfd for the loop
 * thread, instead of running handlers on JVM threads (which a forked child would not have).
 *
 * <p>A thread's signal mask is inherited by the threads it creates and kept across execve, but
 * the JVM has created its threads before main runs. So a server JVM must be started with them
 * blocked: the Maven goals start it so ({@code ServerProcess}), and the supervisor starts its
 * generations so. A JVM started otherwise blocks them in the main thread and re-executes the
 * same command line, whose threads are then all born with them blocked. -Xrs keeps the JVM from
 * unblocking SIGINT/SIGTERM/SIGHUP for its own handlers. The result is checked thread by thread
 * in /proc.
 *
 * <p>The JVMs the server starts run with one malloc arena (MALLOC_ARENA_MAX=1, unless set
 * already) instead of one per JVM thread: glibc's fork handlers lock and unlock every arena,
 * so each extra arena costs a copy-on-write fault in the parent and in the child at every fork,
 * and two mappings to copy (docs/performance.md).
 *
 * <p>And with transparent huge pages only where the server asks for them ({@link StablePages}),
 * whatever the machine's setting: elsewhere the first copy-on-write after a fork splits a huge
 * page into 512 small ones, all present, which every later fork copies and every child's exit
 * tears down (docs/performance.md). Both are set in the process before it starts another, which
 * inherits them.
 */
public final class ProcessSetup {
    private static final String REEXEC_MARK = "LSBAWS_SIGNALS_BLOCKED";
    private static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";
    private static final Path THP_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private ProcessSetup() {}

    public static void prepareForForking() throws IOException {
        boolean inherited = Posix.block(Signals.HANDLED);
        if (!inherited && Posix.getenv(REEXEC_MARK) != null) {
            throw new IllegalStateException("re-executed with SIGCHLD, SIGTERM, SIGINT and SIGHUP blocked,"
                    + " but they are not blocked: cannot set up fork-safe signal handling");
        }
        if (Posix.getenv(MALLOC_ARENA_MAX) == null) {
            Posix.setenv(MALLOC_ARENA_MAX, "1"); // for the JVMs this one starts, and for itself if it re-executes
        }
        limitHugePages(); // kept across fork and execve, like the variable
        if (!inherited) {
            Posix.setenv(REEXEC_MARK, "1");
            Posix.reexecSelf();
        }
        String thread = threadNotBlocking();
        if (thread != null) {
            throw new IllegalStateException("JVM thread '" + thread + "' does not block SIGCHLD/SIGTERM/SIGINT/SIGHUP;"
                    + " start the server JVM with -Xrs (see ServerJvm)");
        }
    }

    /**
     * No transparent huge pages but where asked for (PR_SET_THP_DISABLE keeps across execve).
     * Kernels before 6.18 cannot make that exception: on a machine that gives every mapping huge
     * pages ("always") the process then gets none at all; on one that gives them on request only
     * ("madvise", the usual default) nothing needs to change.
     */
    static void limitHugePages() throws IOException {
        if (Posix.disableHugePagesExceptAdvised()) {
            return;
        }
        if (thpSetting().equals("always")) {
            Posix.disableHugePages();
        }
    }

    /** Whether memory that asks for transparent huge pages gets them in this process. */
    static boolean hugePagesOnRequest() throws IOException {
        return !thpSetting().equals("never") && !Posix.hugePagesDisabled();
    }

    /** The machine's transparent huge page setting: always, madvise or never. */
    private static String thpSetting() throws IOException {
        if (!Files.isReadable(THP_SETTING)) {
            return "never";
        }
        String setting = Files.readString(THP_SETTING);
        return setting.substring(setting.indexOf('[') + 1, setting.indexOf(']'));
    }

    /** The name of a thread of this process that does not block every handled signal, or null. */
    private static String threadNotBlocking() throws IOException {
        long wanted = 0;
        for (int signal : Signals.HANDLED) {
            wanted |= 1L << (signal - 1);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    if (line.startsWith("SigBlk:") && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & wanted) != wanted) {
                        return Files.readString(task.resolve("comm")).strip();
                    }
                }
            }
        }
        return null;
    }

}
