package io.github.lsbaws.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;

/**
 * How a path was mapped to a servlet: the servlet, the split of the path into servlet path and
 * path info, and the {@link HttpServletMapping} values (Servlet 6.1 section 12.2 and the
 * javadoc's table).
 */
record Mapping(ServletHolder holder, String servletPath, String pathInfo, String matchValue, String pattern,
               MappingMatch match) implements HttpServletMapping {

    @Override
    public String getMatchValue() {
        return matchValue;
    }

    @Override
    public String getPattern() {
        return pattern;
    }

    @Override
    public String getServletName() {
        return holder.getName();
    }

    @Override
    public MappingMatch getMappingMatch() {
        return match;
    }

    /** servletPath + pathInfo: the path within the context. */
    String pathInContext() {
        return pathInfo == null ? servletPath : servletPath + pathInfo;
    }

    @Override
    public String toString() {
        return "Mapping[" + pattern + " -> " + holder.getName() + ", " + match + ", '" + matchValue + "']";
    }
}
