package com.example.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet filter in front of the DispatcherServlet: answers every request with the method and path it saw. */
public class RequestLineFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Sample-Filter", request.getMethod() + " " + request.getRequestURI());
        chain.doFilter(request, response);
    }
}
