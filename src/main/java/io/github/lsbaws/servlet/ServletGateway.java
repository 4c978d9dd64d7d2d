package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.gateway.StackTraces;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;
import io.github.lsbaws.servlet.codec.BadRequestException;
import io.github.lsbaws.servlet.codec.UriPath;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * Serves each request to the deployed {@link WebApplication}, in the forked child that owns the
 * connection: maps the path, runs the filter chain and the servlet, renders errors through the
 * error pages, runs the dispatch or completion of an asynchronous request once the servlet has
 * returned, ends the response, saves and unlocks the session and removes multipart files.
 */
public final class ServletGateway implements Gateway {
    private final WebApplication app;

    ServletGateway(WebApplication app) {
        this.app = app;
    }

    public WebApplication application() {
        return app;
    }

    @Override
    public void serve(Request http, Response wire, ConnectionInfo connection) throws Exception {
        ForkedRequest request = new ForkedRequest(app, http, connection);
        ForkedResponse response = new ForkedResponse(wire, request);
        request.setResponse(response);
        boolean aborted = true;
        try {
            handle(request, response);
            aborted = false;
        } catch (Exception | Error e) {
            wire.closeAfter(); // a response cut short: the connection must not carry another one
            throw e;
        } finally {
            try {
                if (!aborted) {
                    response.finish();
                }
            } finally {
                if (request.hasSessions()) {
                    request.sessions().end();
                }
                request.deleteParts();
            }
        }
    }

    private void handle(ForkedRequest request, ForkedResponse response) throws Exception {
        String path = request.http().path();
        if (path.equals("*")) { // OPTIONS * (RFC 9110 section 9.3.7): the server's own capabilities
            if (request.getMethod().equals("OPTIONS")) {
                response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH");
            } else {
                ErrorPages.writeDefault(request, statusFor(response, 400), 400, "Bad Request");
            }
            return;
        }
        String contextPath = app.getContextPath();
        if (!contextPath.isEmpty()) {
            if (path.equals(contextPath)) { // the context root without its slash, as Jetty: redirect
                response.sendRedirect(contextPath + "/" + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
                return;
            }
            if (!path.startsWith(contextPath + "/")) {
                ErrorPages.writeDefault(request, statusFor(response, 404), 404, "Not Found");
                return;
            }
        }
        String inContext;
        try {
            inContext = UriPath.canonical(path.substring(contextPath.length()));
        } catch (BadRequestException e) {
            Log.error(request.getRemoteAddr() + " bad request (" + e.status() + ") \"" + request + "\": " + e.getMessage());
            ErrorPages.writeDefault(request, statusFor(response, e.status()), e.status(), e.getMessage());
            return;
        }
        Mapping mapping = app.registry().mapper().map(inContext);
        if (mapping == null) {
            ErrorPages.writeDefault(request, statusFor(response, 404), 404, "Not Found");
            return;
        }
        request.setMapping(mapping);
        List<ServletRequestListener> listeners = app.requestListeners;
        ServletRequestEvent event = listeners.isEmpty() ? null : new ServletRequestEvent(app, request);
        for (ServletRequestListener listener : listeners) {
            listener.requestInitialized(event);
        }
        try {
            dispatch(request, request, response, mapping, DispatcherType.REQUEST);
            runAsync(request, response);
            if (response.errorPending()) {
                app.errorPages.render(app, request, request, response, response.getStatus(), response.errorMessage(), null);
            }
        } finally {
            for (int i = listeners.size() - 1; i >= 0; i--) {
                listeners.get(i).requestDestroyed(event);
            }
        }
    }

    private static ForkedResponse statusFor(ForkedResponse response, int status) {
        response.setStatus(status);
        return response;
    }

    /** One dispatch by the container (REQUEST or ASYNC): the filters and the servlet, failures to error pages. */
    private void dispatch(ForkedRequest base, HttpServletRequest request, ForkedResponse response, Mapping mapping,
                          DispatcherType type) throws Exception {
        Chain chain = new Chain(app.registry().filtersFor(mapping.holder(), mapping.pathInContext(), type), mapping.holder());
        base.setDispatcherType(type);
        base.setAsyncSupported(chain.asyncSupported());
        try {
            chain.doFilter(request, response);
        } catch (Throwable t) {
            failed(base, request, response, t);
        }
    }

    /**
     * An exception out of the application: a 4xx the container raised while decoding (a bad form,
     * a part too large), else a 500 through the error pages. Once the response is committed
     * nothing can be said any more: the exception goes on to the server, which logs it and closes
     * the connection.
     */
    private void failed(ForkedRequest base, HttpServletRequest request, ForkedResponse response, Throwable t) throws Exception {
        BadRequestException bad = BadRequestException.in(t);
        if (response.isCommitted() && !response.errorPending()) {
            throw t instanceof Exception e ? e : new RuntimeException(t);
        }
        if (bad != null) {
            Log.error(base.getRemoteAddr() + " bad request (" + bad.status() + ") \"" + base + "\": " + bad.getMessage());
            app.errorPages.render(app, base, request, response, bad.status(), bad.getMessage(), null);
            return;
        }
        Log.error("application error while serving \"" + base + "\":\n" + StackTraces.of(t));
        if (base.async() != null && base.async().isStarted()) {
            base.async().fireError(t);
            base.async().complete();
        }
        app.errorPages.render(app, base, request, response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, null, t);
    }

    /** What an asynchronous request asked for once its servlet returned: a dispatch, completion, or nothing. */
    private void runAsync(ForkedRequest request, ForkedResponse response) throws Exception {
        AsyncState async;
        while ((async = request.async()) != null) {
            if (async.takeDispatch()) {
                String path = async.dispatchPath();
                Mapping original = request.mapping();
                Mapping mapping = path == null ? original : app.registry().mapper().map(UriPath.canonical(stripQuery(path)));
                if (mapping == null) {
                    response.sendError(404);
                    return;
                }
                request.setAttribute(AsyncContextAttributes.REQUEST_URI, request.getRequestURI());
                request.setAttribute(AsyncContextAttributes.CONTEXT_PATH, request.getContextPath());
                request.setAttribute(AsyncContextAttributes.SERVLET_PATH, original.servletPath());
                request.setAttribute(AsyncContextAttributes.PATH_INFO, original.pathInfo());
                request.setAttribute(AsyncContextAttributes.QUERY_STRING, request.getQueryString());
                request.setAttribute(AsyncContextAttributes.MAPPING, original);
                request.setMapping(mapping);
                HttpServletRequest target = async.hasOriginalRequestAndResponse() ? request
                        : (HttpServletRequest) async.getRequest();
                dispatch(request, target, response, mapping, DispatcherType.ASYNC);
                continue;
            }
            if (async.isCompleted()) {
                async.fireComplete();
                return;
            }
            if (async.abandoned()) {
                Log.error("\"" + request + "\" is still in asynchronous mode after its servlet returned, neither completed"
                        + " nor dispatched: a forked child has no other thread to complete it; answered 500");
                if (!response.isCommitted()) {
                    response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                            "the asynchronous request was never completed");
                }
                async.complete();
                async.fireComplete();
            }
            return;
        }
    }

    private static String stripQuery(String path) {
        int question = path.indexOf('?');
        return question < 0 ? path : path.substring(0, question);
    }

    /** The jakarta.servlet.async.* attribute names. */
    private static final class AsyncContextAttributes {
        static final String REQUEST_URI = jakarta.servlet.AsyncContext.ASYNC_REQUEST_URI;
        static final String CONTEXT_PATH = jakarta.servlet.AsyncContext.ASYNC_CONTEXT_PATH;
        static final String SERVLET_PATH = jakarta.servlet.AsyncContext.ASYNC_SERVLET_PATH;
        static final String PATH_INFO = jakarta.servlet.AsyncContext.ASYNC_PATH_INFO;
        static final String QUERY_STRING = jakarta.servlet.AsyncContext.ASYNC_QUERY_STRING;
        static final String MAPPING = jakarta.servlet.AsyncContext.ASYNC_MAPPING;

        private AsyncContextAttributes() {}
    }

    /** Destroys the application: servlets, filters, then context listeners (in the parent, at shutdown). */
    @Override
    public String root() {
        return app.getContextPath() + "/";
    }

    @Override
    public void destroy() {
        app.destroy();
    }

    /** A stand-in Servlet application: the parent runs a request through the container before forking. */
    @Override
    public List<Gateway> rehearsals() throws Exception {
        return List.of(Deployment.standIn(app.tempDirectory().getParent()));
    }
}
