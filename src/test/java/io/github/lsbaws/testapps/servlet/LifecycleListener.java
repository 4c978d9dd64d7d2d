package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Logs the context's start and end through ServletContext.log: the server's output shows where
 * they ran. The pid is read from /proc/self, not ProcessHandle.current(), whose first call in the
 * parent would hand the parent's pid to every child (the JDK keeps the handle in a static field).
 */
public class LifecycleListener implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().log("context initialized in pid " + pid());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().log("context destroyed in pid " + pid());
    }

    private static String pid() {
        try {
            return java.nio.file.Path.of("/proc/self").toRealPath().getFileName().toString();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
