package io.github.lsbaws.servlet;

import io.github.lsbaws.server.ServerLog;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The container's and the application's log lines (ServletContext.log), on the server's standard error. */
final class Log {
    private Log() {}

    static void error(String message) {
        ServerLog.error(message);
    }

    static void info(String message) {
        ServerLog.info(message);
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().strip();
    }
}
