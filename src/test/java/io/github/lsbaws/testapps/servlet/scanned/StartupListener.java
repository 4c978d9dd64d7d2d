package io.github.lsbaws.testapps.servlet.scanned;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the context's start and end. */
@WebListener
public class StartupListener implements ServletContextListener {
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        EVENTS.add("initialized");
        event.getServletContext().setAttribute("listener", "started");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        EVENTS.add("destroyed");
    }
}
