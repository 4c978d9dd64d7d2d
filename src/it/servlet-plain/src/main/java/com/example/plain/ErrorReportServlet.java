package com.example.plain;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** The error page for exceptions: reports what the container tells an error page, as text. */
public class ErrorReportServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print("status: " + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) + "\n");
        out.print("exception: " + (exception == null ? null : exception.getClass().getName()) + "\n");
        out.print("message: " + (exception == null ? null : exception.getMessage()) + "\n");
        out.print("uri: " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + "\n");
        out.print("servlet: " + request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME) + "\n");
        out.print("dispatcher: " + request.getDispatcherType() + "\n");
    }
}
