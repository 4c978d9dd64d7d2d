package io.github.lsbaws.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a test asserts once a server is gone: no process of its own, no zombie, no listening socket. */
public final class ProcessChecks {
    private ProcessChecks() {}

    /** Processes whose parent is pid, as "pid state" pairs read from /proc. */
    public static List<String> childrenOf(long pid) throws IOException {
        List<String> children = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException e) {
                    continue; // exited while we looked
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(fields[1]) == pid) {
                    children.add(process.getFileName() + " " + fields[0]);
                }
            }
        }
        return children;
    }

    /** Zombie children of pid right now. */
    public static List<String> zombiesOf(long pid) throws IOException {
        List<String> zombies = new ArrayList<>();
        for (String child : childrenOf(pid)) {
            if (child.endsWith(" Z")) {
                zombies.add(child);
            }
        }
        return zombies;
    }

    public static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    /** Fails unless every process in pids (what named) has exited within timeout. */
    public static void assertGone(String what, Collection<Long> pids, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> remaining;
        do {
            remaining = pids.stream().filter(ProcessChecks::alive).toList();
            if (remaining.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + " left running after " + timeout + ": pids " + remaining);
    }

    /**
     * Fails unless the server and every child it served have exited and the port can be bound again.
     * Processes are given a few seconds to disappear (reaping is asynchronous).
     */
    public static void assertAllGone(long serverPid, Collection<Long> childPids, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Long> remaining = new ArrayList<>();
        do {
            remaining.clear();
            if (alive(serverPid)) {
                remaining.add(serverPid);
            }
            for (long child : childPids) {
                if (alive(child)) {
                    remaining.add(child);
                }
            }
            if (remaining.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        if (!remaining.isEmpty()) {
            throw new AssertionError("processes left running after the server stopped: " + remaining
                    + " (server " + serverPid + ", children " + childrenOf(serverPid) + ")");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new AssertionError("port " + port + " is still taken after the server stopped", e);
        }
    }

    /** Fails if a server JVM whose classpath lies in the project directory is running. */
    public static void assertNoServerRunningIn(java.io.File projectDirectory) throws IOException, InterruptedException {
        String directory = projectDirectory.getCanonicalPath();
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> servers;
        do {
            servers = new ArrayList<>();
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path process : processes) {
                    String commandLine;
                    try {
                        commandLine = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ');
                    } catch (IOException e) {
                        continue;
                    }
                    if (commandLine.contains("io.github.lsbaws.server.ServerMain") && commandLine.contains(directory)) {
                        servers.add(process.getFileName() + ": " + commandLine);
                    }
                }
            }
            if (servers.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("server processes left running for " + directory + ": " + servers);
    }
}
