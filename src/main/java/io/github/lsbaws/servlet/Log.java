package io.github.lsbaws.servlet;

import io.github.lsbaws.server.ServerLog;

/** The container's and the application's log lines (ServletContext.log), on the server's standard error. */
final class Log {
    private Log() {}

    static void error(String message) {
        ServerLog.error(message);
    }

    static void info(String message) {
        ServerLog.info(message);
    }
}
