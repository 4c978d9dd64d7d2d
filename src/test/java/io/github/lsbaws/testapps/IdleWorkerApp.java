package io.github.lsbaws.testapps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a pool as HikariCP keeps its connection adder (one worker, allowed to time out), but
 * with a keep-alive time of ten minutes, and runs one task in it while loading: its worker is
 * left idle in the parent. Each request runs a task in the pool and answers the pool's
 * keep-alive time in seconds and the thread that ran the task.
 */
public class IdleWorkerApp {
    static final long KEEP_ALIVE_MINUTES = 10;
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(1, 1, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), task -> new Thread(task, "idle-worker-app:adder"));

    static {
        POOL.allowCoreThreadTimeOut(true);
        try {
            POOL.submit(new NoTask()).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A class of its own: the worker running a lambda of this class would wait for this class's initialisation. */
    private static final class NoTask implements Runnable {
        @Override
        public void run() {}
    }

    public static final ServerApps.App app = (environ, start) -> {
        String ranIn;
        try {
            ranIn = POOL.submit(() -> Thread.currentThread().getName() + " in " + ProcessHandle.current().pid()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            ranIn = "no answer: " + e;
        }
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of(("keepAlive=" + POOL.getKeepAliveTime(TimeUnit.SECONDS) + " ran=" + ranIn).getBytes(StandardCharsets.UTF_8));
    };
}
