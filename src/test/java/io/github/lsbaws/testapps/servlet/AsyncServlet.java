package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** ?mode=start completes from AsyncContext.start; ?mode=dispatch dispatches to /echo/async; ?mode=abandon returns in async mode. */
public class AsyncServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
            response.getWriter().print("async dispatch back");
            return;
        }
        AsyncContext async = request.startAsync();
        switch (String.valueOf(request.getParameter("mode"))) {
            case "start" -> async.start(() -> {
                try {
                    async.getResponse().getWriter().print("completed in start, async=" + request.isAsyncStarted());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                async.complete();
            });
            case "dispatch" -> async.dispatch("/echo/async");
            case "self" -> async.dispatch();
            default -> { } // abandoned
        }
    }
}
