package io.github.lsbaws.testapps;

/** Starts a thread while loading that sleeps owning a monitor: a forking server must refuse to serve it. */
public class ThreadedApp {
    public static final ServerApps.App app = startThread();

    /** A class of its own: a thread running ThreadedApp's code would wait for ThreadedApp's initialisation. */
    private static final class CacheLoader implements Runnable {
        private final Object cache = new Object();

        @Override
        public void run() {
            synchronized (cache) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static ServerApps.App startThread() {
        Thread thread = new Thread(new CacheLoader(), "app-background-worker");
        thread.setDaemon(true);
        thread.start();
        return ServerApps.crashy;
    }
}
