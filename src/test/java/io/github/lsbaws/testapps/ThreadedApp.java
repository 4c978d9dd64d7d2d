package io.github.lsbaws.testapps;

/** Starts a thread while loading: a forking server must refuse to serve it. */
public class ThreadedApp {
    public static final ServerApps.App app = startThread();

    private static ServerApps.App startThread() {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "app-background-worker");
        thread.setDaemon(true);
        thread.start();
        return ServerApps.crashy;
    }
}
