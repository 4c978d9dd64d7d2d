package io.github.lsbaws.servlet;

import io.github.lsbaws.servlet.codec.BadRequestException;
import io.github.lsbaws.servlet.codec.UriPath;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Forward and include (Servlet 6.1 chapter 9) to a path within the context, or to a servlet by name. */
final class Dispatcher implements RequestDispatcher {
    private final WebApplication app;
    private final Mapping target;
    private final ServletHolder named;
    private final String query;

    private Dispatcher(WebApplication app, Mapping target, ServletHolder named, String query) {
        this.app = app;
        this.target = target;
        this.named = named;
        this.query = query;
    }

    /** A dispatcher to a path within the context (with an optional query), or null when nothing serves it. */
    static Dispatcher forPath(WebApplication app, String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        String canonical;
        try {
            canonical = UriPath.canonical(path);
        } catch (BadRequestException e) {
            return null;
        }
        Mapping mapping = app.registry().mapper().map(canonical);
        return mapping == null ? null : new Dispatcher(app, mapping, null, query);
    }

    static Dispatcher named(WebApplication app, ServletHolder holder) {
        return new Dispatcher(app, null, holder, null);
    }

    Mapping target() {
        return target;
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        ForkedResponse base = baseResponse(response);
        if (response.isCommitted()) {
            throw new IllegalStateException("forward after the response was committed");
        }
        response.resetBuffer();
        HttpServletRequest http = (HttpServletRequest) request;
        ServletHolder servlet = named != null ? named : target.holder();
        HttpServletRequest dispatched;
        if (named != null) {
            dispatched = new DispatchedRequest(http, DispatcherType.FORWARD, null, app.getContextPath(), null, new HashMap<>());
        } else {
            dispatched = new DispatchedRequest(http, DispatcherType.FORWARD, target, app.getContextPath(), query,
                    DispatchedRequest.forwardAttributes(http));
        }
        Chain chain = new Chain(app.registry().filtersFor(servlet, named != null ? null : target.pathInContext(), DispatcherType.FORWARD),
                servlet);
        chain.doFilter(dispatched, response);
        ForkedRequest baseRequest = baseRequest(request);
        if (baseRequest == null || !baseRequest.isAsyncStarted()) {
            base.closeAfterForward();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        ForkedResponse base = baseResponse(response);
        HttpServletRequest http = (HttpServletRequest) request;
        ServletHolder servlet = named != null ? named : target.holder();
        Map<String, Object> attributes = named != null ? new HashMap<>()
                : DispatchedRequest.includeAttributes(app.getContextPath(), target, query);
        HttpServletRequest dispatched = new DispatchedRequest(http, DispatcherType.INCLUDE, null, app.getContextPath(),
                named != null ? null : query, attributes);
        Chain chain = new Chain(app.registry().filtersFor(servlet, named != null ? null : target.pathInContext(), DispatcherType.INCLUDE),
                servlet);
        base.includeDepth++;
        try {
            chain.doFilter(dispatched, response);
        } finally {
            base.includeDepth--;
        }
    }

    static ForkedResponse baseResponse(ServletResponse response) {
        ServletResponse current = response;
        while (current instanceof ServletResponseWrapper wrapper) {
            current = wrapper.getResponse();
        }
        if (current instanceof ForkedResponse base) {
            return base;
        }
        throw new IllegalArgumentException("the response is not the container's or a ServletResponseWrapper of it");
    }

    static ForkedRequest baseRequest(ServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) {
            current = wrapper.getRequest();
        }
        return current instanceof ForkedRequest base ? base : null;
    }
}
