package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Fails as asked: ?status=418&message=x sends an error, ?throw=io|state|wrapped throws. */
public class FailServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String status = request.getParameter("status");
        if (status != null) {
            response.sendError(Integer.parseInt(status), request.getParameter("message"));
            response.getWriter().print("ignored after sendError");
            return;
        }
        switch (String.valueOf(request.getParameter("throw"))) {
            case "io" -> throw new IOException("disk on fire");
            case "state" -> throw new IllegalStateException("bad state");
            case "wrapped" -> throw new ServletException("wrapper", new UnsupportedOperationException("inner"));
            case "committed" -> {
                response.getWriter().print("partial");
                response.flushBuffer();
                throw new IllegalStateException("after commit");
            }
            default -> response.getWriter().print("fine");
        }
    }
}
