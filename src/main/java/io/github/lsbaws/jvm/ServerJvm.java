package io.github.lsbaws.jvm;

import io.github.lsbaws.protocol.GenerationRole;
import io.github.lsbaws.redefine.AgentJar;
import io.github.lsbaws.server.ServerOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of a server JVM. A forked HotSpot child has only the forking thread: any lock
 * another JVM thread held at the fork stays held, and any VM operation (GC, safepoint,
 * compilation request) waits forever for a VM thread that is not there. These flags remove the
 * threads and periodic operations that could be caught mid-way by a fork (docs/performance.md:
 * with the defaults, children hang within a few hundred forks).
 */
public final class ServerJvm {
    private static final String SMALL_STRING_TABLE = "-XX:StringTableSize=4096";
    private static final String SMALL_SYMBOL_TABLE = "-XX:SymbolTableSize=8192";
    /** Fork-safety flags of every supported JDK; the order is the order on the command line. */
    private static final List<String> FORK_SAFE_FLAGS = List.of(
            "-Xint",                       // no JIT compiler threads, no compile requests, no deoptimisation
            "-XX:+UseSerialGC",            // no GC worker threads; collections run synchronously for the loop thread
            "-Xrs",                        // no JVM handlers for SIGINT/SIGTERM/SIGHUP: they stay blocked, for the signalfd
            "-XX:+DisableAttachMechanism", // no Attach Listener thread
            "-XX:-UsePerfData",            // no hsperfdata file and sampler
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:GuaranteedSafepointInterval=0",     // no periodic safepoints that a fork could catch half done
            "-XX:GuaranteedAsyncDeflationInterval=0", // no periodic monitor-deflation handshakes
            "-XX:MonitorUsedDeflationThreshold=0",
            // A large young generation, so children allocate into free eden and never collect; fully committed
            // (-Xms = -Xmx) so the heap is one mapping ForkGuard can find and trim between forks.
            "-Xms512m", "-Xmx512m", "-Xmn256m",
            "-Xss4m",
            // The interpreter writes every page of this zone below the stack pointer on each call, so after a fork
            // both the parent and the child take a copy-on-write fault per page: 10 (HotSpot's minimum, room for
            // 40 KB of native frames; JDK 17's socket I/O no longer keeps a 64 KB buffer on the stack) instead of 20.
            "-XX:StackShadowPages=10",
            // A fork copies the page tables of every anonymous page: keep the parent's few and cheap.
            // Small fixed TLABs: the parent's eden use is then known to 64 KB, so ForkGuard collects after 1 MB of
            // garbage rather than after a multi-megabyte TLAB, and fewer garbage pages are copied into each child.
            "-XX:-ResizeTLAB", "-XX:TLABSize=64k",
            // Interned-string and symbol tables sized for a small application (the string table grows past 2 per
            // bucket): their bucket arrays are written whole at start-up, so every fork copies their page tables;
            // a framework's application, deployed with the JIT, keeps the JDK's sizes (docs/performance.md).
            SMALL_STRING_TABLE,
            "-XX:+UnlockExperimentalVMOptions", SMALL_SYMBOL_TABLE,
            "-XX:ArchiveRelocationMode=0");    // map the CDS archive where it was dumped: its pages stay clean and shared

    /**
     * JMX notifications on the Service Thread: one thread fewer to catch at a fork. JDK 23
     * deprecated the flag (a warning at every start) and JDK 24 made that the only way.
     */
    private static final String NO_NOTIFICATION_THREAD = "-XX:-UseNotificationThread";
    /**
     * With an ahead-of-time cache (-XX:AOTCache in lsbaws.jvmArgs, JDK 25 and later) the JVM starts
     * a "Training replay" thread for the cache's profiles, which only a JIT compiler would use: one
     * thread more to catch at a fork, for nothing under -Xint. The cache's classes are used as before.
     */
    private static final String NO_TRAINING_REPLAY = "-XX:-AOTReplayTraining";
    /**
     * What a thread runs, and a JDK pool's tasks, readable by reflection: how the checkpoint
     * finds an application's connection pools from their housekeeping threads
     * (server.checkpoint.pools.ThreadTasks).
     */
    private static final List<String> POOL_THREAD_OPENS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED");
    /**
     * -Dlsbaws.jit=deploy, the default from Maven for a framework ({@link #withJitMode}): a generation deploys and
     * warms up with the JIT, and retires it before its first fork ({@code server.JitRetirement});
     * children run interpreted.
     */
    public static final String JIT_AT_DEPLOYMENT = "-Dlsbaws.jit=deploy";
    /**
     * -Dlsbaws.jit=children in lsbaws.jvmArgs: as {@link #JIT_AT_DEPLOYMENT}, but the code compiled
     * while deploying and replaying the learned requests is kept for the children, and only the
     * compilation stopped ({@code server.CompiledChildren}): C1 alone, without profiling (its code
     * asks for no recompilation and makes no speculation a child would trap on), at thresholds low
     * enough that a request replayed once is compiled. JDK 22 and earlier switch an inline cache
     * through a stub freed only at a safepoint, which a child never reaches: a buffer the largest
     * the JVM accepts, so that a child runs out of stubs (and waits for a VM operation) far later.
     */
    public static final String JIT_IN_CHILDREN = "-Dlsbaws.jit=children";
    /** -Dlsbaws.jit=off in lsbaws.jvmArgs: every server JVM interpreted from its start (-Xint), as before the JIT modes. */
    public static final String JIT_OFF = "-Dlsbaws.jit=off";
    private static final String JIT_PROPERTY = "-Dlsbaws.jit=";
    private static final List<String> JIT_MODES = List.of(JIT_AT_DEPLOYMENT, JIT_IN_CHILDREN, JIT_OFF);
    private static final List<String> CHILDREN_JIT_FLAGS = List.of("-XX:CompileThresholdScaling=0.02");
    private static final String LARGE_INLINE_CACHE_BUFFER = "-XX:InlineCacheBufferSize=2560k";
    private static final int FIRST_WITHOUT_INLINE_CACHE_STUBS = 23;
    private static final String INTERPRETED_ONLY = "-Xint";
    /**
     * Instead of -Xint: the compiler threads all started with the JVM (none started later, which
     * ForkGuard would not know), and HotSpot's WhiteBox interface, which JitRetirement deoptimises
     * everything and stops compilation through; its class goes on the boot class path.
     */
    private static final List<String> JIT_FLAGS = List.of("-XX:-UseDynamicNumberOfCompilerThreads", "-XX:+WhiteBoxAPI",
            // the interpreter keeps no profiles: a child, which runs interpreted, would write and allocate them for
            // nothing (copy-on-write faults)
            "-XX:-ProfileInterpreter",
            // C1 alone: the code is thrown away before the first fork, so C2's slow optimising compilations of a
            // deployment's hot code would only take a processor from it (code kept for children, -Dlsbaws.jit=children,
            // then has no profiles and asks for no recompilation either)
            "-XX:TieredStopAtLevel=1");
    private static final String WHITE_BOX_CLASS = "jdk/test/whitebox/WhiteBox.class";
    private static final int OLDEST_FEATURE = 17;
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    private ServerJvm() {}

    /**
     * The server JVM's flags for a runtime of that feature version (17, 21, 25...): the
     * fork-safety flags, and leave for the libc binding (jffi) to load its native stub with
     * System.load and to use sun.misc.Unsafe, which JDK 24 and later warn about at every start.
     */
    public static List<String> flags(int feature) {
        List<String> flags = new ArrayList<>(FORK_SAFE_FLAGS);
        flags.add("--enable-native-access=ALL-UNNAMED");
        flags.addAll(POOL_THREAD_OPENS);
        if (feature >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        } else {
            flags.add(NO_NOTIFICATION_THREAD);
        }
        if (feature >= 25) {
            flags.add(NO_TRAINING_REPLAY);
        }
        return flags;
    }

    /**
     * The flags of {@link #flags} with the JIT on, for a server JVM that retires it before it
     * forks: -Xint is replaced by the JIT's flags (after -XX:+UnlockDiagnosticVMOptions).
     */
    static List<String> jitAtDeploymentFlags(int feature) {
        List<String> flags = new ArrayList<>(flags(feature));
        flags.remove(INTERPRETED_ONLY);
        // an application this size (a framework's) makes hundreds of thousands of symbols: the JDK's table
        // sizes, whose bucket arrays are a few hundred of the tens of thousands of pages its parent holds
        flags.remove(SMALL_STRING_TABLE);
        flags.remove(SMALL_SYMBOL_TABLE);
        flags.addAll(JIT_FLAGS);
        flags.add("-Xbootclasspath/a:" + whiteBoxRoot());
        return flags;
    }

    /** The flags of {@link #jitAtDeploymentFlags} for a server JVM whose children run its compiled code. */
    static List<String> jitInChildrenFlags(int feature) {
        List<String> flags = jitAtDeploymentFlags(feature);
        flags.addAll(CHILDREN_JIT_FLAGS);
        if (feature < FIRST_WITHOUT_INLINE_CACHE_STUBS) {
            flags.add(LARGE_INLINE_CACHE_BUFFER); // after -XX:+UnlockExperimentalVMOptions
        }
        return flags;
    }

    /**
     * A directory holding only the WhiteBox class, copied from this plugin's classes into the
     * temporary directory (one directory per content, so concurrent servers agree on it).
     */
    private static Path whiteBoxRoot() {
        try (var in = ServerJvm.class.getClassLoader().getResourceAsStream(WHITE_BOX_CLASS)) {
            if (in == null) {
                throw new IllegalStateException("the plugin has no " + WHITE_BOX_CLASS);
            }
            byte[] bytes = in.readAllBytes();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            Path root = Path.of(System.getProperty("java.io.tmpdir"),
                    "lsbaws-whitebox-" + System.getProperty("user.name") + "-" + Long.toHexString(crc.getValue()));
            Path file = root.resolve(WHITE_BOX_CLASS);
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(file.getParent());
                Path written = Files.createTempFile(file.getParent(), "WhiteBox", ".tmp");
                Files.write(written, bytes);
                Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return root;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the WhiteBox class for " + JIT_AT_DEPLOYMENT + ": " + e, e);
        }
    }

    /**
     * The feature version of the Java runtime in javaHome, from its release file (which every
     * JDK and jlink image has). Fails with what was found if it is not a Java 17 or later.
     */
    public static int featureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        String text;
        try {
            text = Files.readString(release, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot tell which Java version " + javaHome + " is: no readable " + release);
        }
        Matcher version = JAVA_VERSION.matcher(text);
        if (!version.find()) {
            throw new IllegalArgumentException("cannot tell which Java version " + javaHome + " is: " + release
                    + " has no JAVA_VERSION line");
        }
        int feature = Integer.parseInt(version.group(1));
        if (feature < OLDEST_FEATURE) {
            throw new IllegalArgumentException("the server needs Java " + OLDEST_FEATURE + " or later; " + javaHome
                    + " is Java " + feature + " (run Maven with a newer JDK: JAVA_HOME)");
        }
        return feature;
    }

    /**
     * The agent that hands the server its {@code Instrumentation}: it starts no thread and
     * leaves every flag above as it is (ServerJvmTest).
     */
    private static String redefinitionAgent(ServerOptions options) {
        Path directory = options.stateDirectory();
        try {
            return AgentJar.javaAgentOption(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the redefinition agent's jar into " + directory, e);
        }
    }

    /**
     * The library jars' size from which a server started from Maven deploys with the JIT: a large
     * framework's deployment runs mostly the framework's code, and the JIT halves it (the Spring
     * Boot sample's 62 MB); a Spring MVC application of 16 MB deployed no faster with it, and a
     * small application deploys interpreted in less time than retiring the JIT takes
     * (docs/performance.md).
     */
    static final long JIT_LIBRARY_BYTES = 32L << 20;

    /**
     * The user's JVM flags with the JIT mode a server started from Maven runs in: the JIT at
     * deployment for an application whose library jars (appClasspath's files) weigh
     * {@link #JIT_LIBRARY_BYTES} or more, interpreted otherwise, unless they name a mode
     * ({@code -Dlsbaws.jit=deploy}, {@code children} or {@code off}).
     *
     * @throws IllegalArgumentException for another value of {@code -Dlsbaws.jit}
     */
    public static List<String> withJitMode(List<String> extraJvmArgs, List<String> appClasspath) {
        List<String> named = extraJvmArgs.stream().filter(arg -> arg.startsWith(JIT_PROPERTY)).toList();
        for (String mode : named) {
            if (!JIT_MODES.contains(mode)) {
                throw new IllegalArgumentException(mode + " is not a JIT mode: " + JIT_AT_DEPLOYMENT + " (deploy with the JIT,"
                        + " retired before the first fork), " + JIT_OFF + " (interpreted throughout) or " + JIT_IN_CHILDREN
                        + " (an experiment)");
            }
        }
        if (!named.isEmpty()) {
            return extraJvmArgs;
        }
        List<String> withDefault = new ArrayList<>(extraJvmArgs);
        withDefault.add(0, libraryBytes(appClasspath) >= JIT_LIBRARY_BYTES ? JIT_AT_DEPLOYMENT : JIT_OFF);
        return withDefault;
    }

    /** The size of the regular files among classpath's entries (its directories are the project's classes). */
    static long libraryBytes(List<String> classpath) {
        long bytes = 0;
        for (String entry : classpath) {
            File file = new File(entry);
            if (file.isFile()) {
                bytes += file.length();
            }
        }
        return bytes;
    }

    /**
     * @param javaHome the JDK or JRE to run
     * @param serverClasspath this plugin's classes and the libc binding (not the application's)
     * @param extraJvmArgs the user's additional JVM flags, after ours so that they win
     * @throws IllegalArgumentException if javaHome is not a Java 17 or later
     */
    public static List<String> command(Path javaHome, List<String> serverClasspath, List<String> extraJvmArgs,
                                       ServerOptions options) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.add(GenerationRole.SUPERVISOR_FLAG); // the supervisor's alone: it forks only to start JVMs
        int feature = featureVersion(javaHome);
        command.addAll(extraJvmArgs.contains(JIT_IN_CHILDREN) ? jitInChildrenFlags(feature)
                : extraJvmArgs.contains(JIT_AT_DEPLOYMENT) ? jitAtDeploymentFlags(feature) : flags(feature));
        // A crashing child (a native bug, a SIGSEGV) leaves its JVM error report in the temp directory, not the project.
        command.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "lsbaws_hs_err_pid%p.log"));
        if (options.standby()) { // reloading: method-body edits are redefined in the serving generation
            command.add(redefinitionAgent(options));
        }
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, serverClasspath));
        command.add(ServerMain.class.getName());
        command.addAll(options.toArguments());
        return command;
    }
}
