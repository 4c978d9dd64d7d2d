package io.github.lsbaws.maven;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops the servers {@code lsbaws:start} started (all of them, or the one named): gracefully,
 * letting requests in flight finish within the grace period, then by force. Fails if a server,
 * one of its children or its listening socket is still there afterwards.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractMojo {
    /** The server to stop, as named by its start execution; all started servers when not set. */
    @Parameter(property = "lsbaws.name")
    String name;

    /** Skips the goal. */
    @Parameter(property = "lsbaws.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project.build.directory}/lsbaws", readonly = true)
    String stateDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("lsbaws:stop skipped (lsbaws.skip)");
            return;
        }
        List<String> problems = new ArrayList<>();
        try {
            List<Path> files = RunningServers.stateFiles(Path.of(stateDirectory), name);
            if (files.isEmpty()) {
                getLog().info("lsbaws: no started server" + (name == null ? "" : " named '" + name + "'") + " to stop");
            }
            for (Path file : files) {
                RunningServers.Server server = RunningServers.read(file);
                problems.addAll(stop(server, RunningServers.take(file)));
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read the servers' state in " + stateDirectory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while stopping", e);
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException("lsbaws: " + String.join("\n", problems));
        }
    }

    /** Stops one server; returns what is still left running. */
    private List<String> stop(RunningServers.Server server, RunningServers.Live live) throws InterruptedException, IOException {
        List<Long> children = descendants(server.pid());
        if (live != null) {
            int status = live.stop(server.grace());
            getLog().info("lsbaws: stopped '" + server.name() + "' (pid " + server.pid() + ", exit status " + status + ")");
        } else {
            stopByPid(server);
        }
        List<String> problems = new ArrayList<>();
        if (alive(server.pid())) {
            problems.add("server '" + server.name() + "' (pid " + server.pid() + ") is still running");
        }
        for (long child : children) {
            if (alive(child)) {
                problems.add("process " + child + " of server '" + server.name() + "' is still running");
            }
        }
        if (listening(java.net.URI.create(server.url()))) {
            problems.add("port " + server.port() + " of server '" + server.name() + "' still accepts connections");
        }
        return problems;
    }

    /** A server started by another Maven run: SIGTERM, then SIGKILL after the grace period, if it is still ours. */
    private void stopByPid(RunningServers.Server server) throws InterruptedException {
        Optional<ProcessHandle> handle = RunningServers.running(server);
        if (handle.isEmpty()) {
            getLog().info("lsbaws: '" + server.name() + "' (pid " + server.pid() + ") was not running any more");
            return;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(server.grace().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            getLog().warn("lsbaws: '" + server.name() + "' did not stop within its grace period: killing it");
            handle.get().destroyForcibly();
            Thread.sleep(500);
        }
        getLog().info("lsbaws: stopped '" + server.name() + "' (pid " + server.pid() + ")");
    }

    /** Its generations and their children. */
    private static List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    /** Alive and not a zombie: a zombie has exited and holds nothing but its process-table entry. */
    private static boolean alive(long pid) throws InterruptedException {
        for (int i = 0; i < 50; i++) { // killed children disappear a moment after their parent
            if (!Files.exists(Path.of("/proc/" + pid)) || state(pid).equals("Z")) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }

    private static boolean listening(java.net.URI url) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
