package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Appends its name and the dispatcher type to the "trace" request attribute and the X-Filtered header. */
public class TraceFilter implements Filter {
    private String name;

    @Override
    public void init(FilterConfig config) {
        name = config.getInitParameter("name") != null ? config.getInitParameter("name") : config.getFilterName();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        Object trace = request.getAttribute("trace");
        String entry = name + ":" + request.getDispatcherType();
        request.setAttribute("trace", trace == null ? entry : trace + "," + entry);
        ((HttpServletResponse) response).addHeader("X-Filtered", entry);
        chain.doFilter(request, response);
    }
}
