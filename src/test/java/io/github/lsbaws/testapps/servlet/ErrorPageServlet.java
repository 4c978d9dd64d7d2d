package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** An error page: shows the jakarta.servlet.error.* attributes, and the filters the request went through (TraceFilter). */
public class ErrorPageServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        out.println("error page " + request.getDispatcherType());
        out.println("status=" + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        out.println("message=" + request.getAttribute(RequestDispatcher.ERROR_MESSAGE));
        out.println("exception_type=" + request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE));
        out.println("request_uri=" + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        out.println("servlet_name=" + request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME));
        out.println("trace=" + request.getAttribute("trace"));
    }
}
