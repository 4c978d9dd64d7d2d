package io.github.lsbaws.testapps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Starts what real applications start while they load: a pool-like housekeeper (a scheduled
 * executor whose task takes the pool's lock), a timer, a pool whose connection adder ends when
 * idle, and org.crac resources, one of which
 * fails to restore while the file named by -Dlsbaws.test.failRestore exists (or once, when told,
 * with -Dlsbaws.test.failRestoreOnce), printing a line at each restore. Answers with what
 * the resources were told and in which process.
 */
public class CracApp {
    /** What the resources were told, in order, with the pid of the process that told them. */
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final Object POOL_LOCK = new Object();
    private static final AtomicLong HOUSEKEEPING_RUNS = new AtomicLong();
    /** Held strongly: the org.crac context holds resources weakly. */
    private static final List<Resource> RESOURCES = List.of(new Pool(), new Named("scheduler"), new FailingRestore());
    /**
     * Opens and closes the pool's connections on a worker that ends after a second idle, as
     * HikariCP's connection adder does after 5 s: the child's resumed pool hands it a task.
     */
    private static final ThreadPoolExecutor CONNECTION_ADDER = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> new Thread(task, "app-connection-adder"));
    private static final ScheduledExecutorService HOUSEKEEPER = Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "app-housekeeper"));
    private static final Timer TIMER = new Timer("app-timer", true);

    public static final ServerApps.App app = start();

    /**
     * Looks for the file named by -Dlsbaws.test.holdLock every 50 ms, asleep owning nothing; while
     * it exists, sleeps owning the cache's monitor, as a thread caught in a slow refresh would.
     */
    private static final class CacheRefresher implements Runnable {
        private final Object cache = new Object();

        @Override
        public void run() {
            String marker = System.getProperty("lsbaws.test.holdLock");
            while (true) {
                if (marker != null && Files.exists(Path.of(marker))) {
                    synchronized (cache) {
                        while (Files.exists(Path.of(marker))) {
                            LockSupport.parkNanos(50_000_000);
                        }
                    }
                }
                LockSupport.parkNanos(50_000_000);
            }
        }
    }

    private static ServerApps.App start() {
        CONNECTION_ADDER.allowCoreThreadTimeOut(true);
        Thread refresher = new Thread(new CacheRefresher(), "app-cache-refresher");
        refresher.setDaemon(true);
        refresher.start();
        HOUSEKEEPER.scheduleAtFixedRate(() -> {
            synchronized (POOL_LOCK) {
                HOUSEKEEPING_RUNS.incrementAndGet();
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        TIMER.schedule(new TimerTask() {
            @Override
            public void run() {
                HOUSEKEEPING_RUNS.incrementAndGet();
            }
        }, 0, 300);
        for (Resource resource : RESOURCES) {
            Core.getGlobalContext().register(resource);
        }
        return (environ, start) -> {
            String body;
            if (environ.get("PATH_INFO").equals("/thread")) {
                body = threadOfTheChild();
            } else {
                synchronized (POOL_LOCK) { // the lock the housekeeper takes: free in the child
                    body = String.join(",", EVENTS) + " served-by=" + ProcessHandle.current().pid();
                }
            }
            start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
            return List.of(body.getBytes(StandardCharsets.UTF_8));
        };
    }

    /** A thread the child starts and waits for. */
    private static String threadOfTheChild() {
        String[] result = new String[1];
        Thread thread = new Thread(() -> result[0] = "thread ran in " + ProcessHandle.current().pid(), "child-worker");
        thread.start();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result[0] + " served-by=" + ProcessHandle.current().pid();
    }

    private record Named(String name) implements Resource {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            EVENTS.add("before:" + name + "@" + ProcessHandle.current().pid());
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            EVENTS.add("after:" + name + "@" + ProcessHandle.current().pid());
        }
    }

    /** A pool that closes its connections at the checkpoint and opens the child's own on its adder thread. */
    private static final class Pool implements Resource {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            CONNECTION_ADDER.submit(() -> EVENTS.add("before:pool@" + ProcessHandle.current().pid())).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            CONNECTION_ADDER.submit(() -> EVENTS.add("after:pool@" + ProcessHandle.current().pid())).get(10, TimeUnit.SECONDS);
        }
    }

    /** Fails to restore while the marker file exists; fails the checkpoint with -Dlsbaws.test.failCheckpoint=true. */
    public static final class FailingRestore implements Resource {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            if (Boolean.getBoolean("lsbaws.test.failCheckpoint")) {
                throw new IllegalStateException("the cache could not be flushed");
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws InterruptedException {
            System.out.println("FailingRestore: restoring in " + ProcessHandle.current().pid()); // as a pool logs its restart
            String marker = System.getProperty("lsbaws.test.failRestore");
            if (marker != null && Files.exists(Path.of(marker))) {
                throw new IllegalStateException("the database is not reachable");
            }
            failOnceWhenTold(System.getProperty("lsbaws.test.failRestoreOnce"));
        }

        /**
         * While the file once exists, the first restore to see it claims it (once.claimed), waits
         * up to 10 s for once.go to exist, and fails; every other restore passes.
         */
        private static void failOnceWhenTold(String once) throws InterruptedException {
            if (once == null || !Files.exists(Path.of(once))) {
                return;
            }
            try {
                Files.createFile(Path.of(once + ".claimed"));
            } catch (IOException e) { // claimed by another restore, or not to be claimed
                return;
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(Path.of(once + ".go")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            throw new IllegalStateException("the database went away during the restore");
        }
    }
}
