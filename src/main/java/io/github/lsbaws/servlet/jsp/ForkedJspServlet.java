package io.github.lsbaws.servlet.jsp;

import io.github.lsbaws.servlet.statics.Resources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.jasper.JasperException;
import org.apache.jasper.servlet.JspServlet;

/**
 * Jasper's JSP servlet as a forking server needs it: every page compiled and loaded while the
 * parent initialises it, a page that does not compile answered with a 500 that names its file
 * and line (the server serves on), and nothing under WEB-INF or META-INF served to a client.
 *
 * <p>The pages that did not compile are remembered with their error and answered from it: Jasper
 * would try such a page again on its next request, and within its modification-test interval
 * (4 s after the failed compile) it skips that try and loads a class that was never written,
 * answering a ClassNotFoundException; after it, it would compile in a child.
 */
final class ForkedJspServlet extends JspServlet {
    private static final long serialVersionUID = 1L;
    private static final String PRECOMPILE = "jsp_precompile";

    /** The pages that did not compile in this generation, by page path, with Jasper's error. */
    private final transient Map<String, JasperException> uncompiled = new ConcurrentHashMap<>();
    private String jspFile;

    @Override
    public void init(ServletConfig config) throws ServletException {
        jspFile = config.getInitParameter(JspEngine.jspFileParameter());
        try {
            super.init(config); // compiles a jsp-file servlet's page
        } catch (JasperException e) {
            if (jspFile != null) {
                uncompiled.put(jspFile, e);
            }
            config.getServletContext().log("JSP " + jspFile + " does not compile (its requests are answered 500): "
                    + e.getMessage());
        }
        if (jspFile == null) {
            precompile(config.getServletContext());
        }
    }

    @Override
    public void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.REQUEST
                && Resources.isProtected(requestPath(request))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try {
            JasperException compileError = uncompiled.get(pagePath(request));
            if (compileError != null) {
                throw compileError;
            }
            super.service(request, response);
        } catch (JasperException e) { // the page does not translate or compile; its own exceptions are not Jasper's
            if (request.getDispatcherType() == DispatcherType.INCLUDE || response.isCommitted()) {
                throw e;
            }
            getServletContext().log("JSP error for " + request.getRequestURI() + ": " + e.getMessage());
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, e.getMessage());
        }
    }

    /**
     * Compiles (where its class is older than the page) and loads every page of the application,
     * as a precompilation request of the JSP specification: children then start with the
     * classes loaded. A page that does not compile is logged and keeps its error for its requests.
     */
    private void precompile(ServletContext context) {
        long start = System.nanoTime();
        List<String> pages = new ArrayList<>();
        collectPages(context, "/", pages);
        if (pages.isEmpty()) {
            return;
        }
        List<String> failed = new ArrayList<>();
        for (String page : pages) {
            try {
                super.service(precompileRequest(page), null);
            } catch (ServletException | IOException | RuntimeException e) {
                failed.add(page);
                if (e instanceof JasperException compileError) {
                    uncompiled.put(page, compileError);
                }
                context.log("JSP " + page + " does not compile (its requests are answered 500): " + e.getMessage());
            }
        }
        context.log("JSP: " + (pages.size() - failed.size()) + " of " + pages.size() + " page(s) compiled and loaded in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** The page a request runs, as Jasper names it: the jsp-file, the included path, or the request's (or forward's) path. */
    private String pagePath(HttpServletRequest request) {
        if (jspFile != null) {
            return jspFile;
        }
        Object included = request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
        if (included != null) {
            Object pathInfo = request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
            return included + (pathInfo == null ? "" : pathInfo.toString());
        }
        return requestPath(request);
    }

    private static String requestPath(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /** The pages under path: *.jsp and *.jspx, not tag files (compiled with the pages that use them). */
    private static void collectPages(ServletContext context, String path, List<String> pages) {
        Set<String> children = context.getResourcePaths(path);
        if (children == null) {
            return;
        }
        List<String> sorted = new ArrayList<>(children);
        sorted.sort(null);
        for (String child : sorted) {
            String lower = child.toLowerCase(Locale.ROOT);
            if (child.endsWith("/")) {
                if (!lower.equals("/meta-inf/") && !lower.startsWith("/web-inf/tags/")) {
                    collectPages(context, child, pages);
                }
            } else if (lower.endsWith(".jsp") || lower.endsWith(".jspx")) {
                pages.add(child);
            }
        }
    }

    /** A request that asks Jasper for page's precompilation, as an include would name the page: all it reads of one. */
    private static HttpServletRequest precompileRequest(String page) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getAttribute" -> RequestDispatcher.INCLUDE_SERVLET_PATH.equals(arguments[0]) ? page : null;
                    case "getQueryString" -> PRECOMPILE;
                    case "toString" -> "precompilation of " + page;
                    default -> throw new UnsupportedOperationException(method.getName() + " in a JSP precompilation");
                });
    }
}
