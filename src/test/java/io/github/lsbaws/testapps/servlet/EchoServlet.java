package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/** Answers with what the request looks like from a servlet: paths, mapping, parameters, dispatch attributes. */
public class EchoServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        HttpServletMapping mapping = request.getHttpServletMapping();
        out.println("method=" + request.getMethod());
        out.println("type=" + request.getDispatcherType());
        out.println("requestURI=" + request.getRequestURI());
        out.println("contextPath=" + request.getContextPath());
        out.println("servletPath=" + request.getServletPath());
        out.println("pathInfo=" + request.getPathInfo());
        out.println("query=" + request.getQueryString());
        out.println("mapping=" + mapping.getMappingMatch() + " '" + mapping.getMatchValue() + "' " + mapping.getPattern() + " "
                + mapping.getServletName());
        Map<String, String> parameters = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, String.join("|", values)));
        out.println("parameters=" + parameters);
        for (String name : new String[] {RequestDispatcher.FORWARD_REQUEST_URI, RequestDispatcher.FORWARD_SERVLET_PATH,
                RequestDispatcher.INCLUDE_REQUEST_URI, RequestDispatcher.INCLUDE_SERVLET_PATH,
                RequestDispatcher.INCLUDE_PATH_INFO}) {
            if (request.getAttribute(name) != null) {
                out.println(name + "=" + request.getAttribute(name));
            }
        }
        Object trace = request.getAttribute("trace");
        if (trace != null) {
            out.println("trace=" + trace);
        }
        out.println("requestURL=" + request.getRequestURL());
        out.println("server=" + request.getServerName() + ":" + request.getServerPort());
    }
}
