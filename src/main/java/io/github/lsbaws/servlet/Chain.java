package io.github.lsbaws.servlet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.List;

/** The filters of one dispatch, then its servlet. */
final class Chain implements FilterChain {
    private final List<FilterHolder> filters;
    private final ServletHolder servlet;
    private int next;

    Chain(List<FilterHolder> filters, ServletHolder servlet) {
        this.filters = filters;
        this.servlet = servlet;
    }

    /** Whether every filter and the servlet support async (startAsync is allowed). */
    boolean asyncSupported() {
        if (!servlet.asyncSupported()) {
            return false;
        }
        for (FilterHolder filter : filters) {
            if (!filter.asyncSupported()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        if (next < filters.size()) {
            FilterHolder filter = filters.get(next++);
            filter.filter().doFilter(request, response, this);
        } else {
            servlet.servlet().service(request, response);
        }
    }
}
