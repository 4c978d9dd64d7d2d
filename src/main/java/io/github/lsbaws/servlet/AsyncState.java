package io.github.lsbaws.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous processing in a forked child, which has one thread: {@link #start} runs its task
 * at once on it, and complete() and dispatch() take effect when the servlet's service returns
 * (the container then completes the response or runs the dispatch). A request left in
 * asynchronous mode, neither completed nor dispatched, cannot be finished by another thread:
 * the container completes it with a 500 ({@link ServletGateway}).
 */
final class AsyncState implements AsyncContext {
    private record Registration(AsyncListener listener, ServletRequest request, ServletResponse response) {}

    private final ForkedRequest base;
    private ServletRequest request;
    private ServletResponse response;
    private final boolean originalRequestAndResponse;
    private List<Registration> listeners = new ArrayList<>();
    private long timeout = 30_000;
    private boolean started;
    private boolean completed;
    private boolean dispatchPending;
    private String dispatchPath;

    AsyncState(ForkedRequest base, ServletRequest request, ServletResponse response) {
        this.base = base;
        this.request = request;
        this.response = response;
        this.originalRequestAndResponse = request == base && response == base.response();
        this.started = true;
    }

    /** startAsync again in a later dispatch: onStartAsync for the listeners, which then register again. */
    void restart(ServletRequest newRequest, ServletResponse newResponse) {
        this.request = newRequest;
        this.response = newResponse;
        this.started = true;
        List<Registration> previous = listeners;
        listeners = new ArrayList<>();
        for (Registration registration : previous) {
            try {
                registration.listener().onStartAsync(new AsyncEvent(this, registration.request(), registration.response()));
            } catch (IOException e) {
                Log.error("AsyncListener.onStartAsync failed: " + e);
            }
        }
    }

    boolean isStarted() {
        return started && !completed && !dispatchPending;
    }

    boolean isCompleted() {
        return completed;
    }

    /** Takes a pending dispatch: its path within the context, or null for the request's own. */
    boolean takeDispatch() {
        if (!dispatchPending) {
            return false;
        }
        dispatchPending = false;
        started = false;
        return true;
    }

    String dispatchPath() {
        return dispatchPath;
    }

    /** Whether the request is still in asynchronous mode after its service returned: nobody will complete it. */
    boolean abandoned() {
        return started && !completed && !dispatchPending;
    }

    void fireComplete() {
        for (Registration registration : listeners) {
            try {
                registration.listener().onComplete(new AsyncEvent(this, registration.request(), registration.response()));
            } catch (IOException | RuntimeException e) {
                Log.error("AsyncListener.onComplete failed: " + e);
            }
        }
    }

    void fireError(Throwable error) {
        for (Registration registration : listeners) {
            try {
                registration.listener().onError(new AsyncEvent(this, registration.request(), registration.response(), error));
            } catch (IOException | RuntimeException e) {
                Log.error("AsyncListener.onError failed: " + e);
            }
        }
    }

    @Override
    public ServletRequest getRequest() {
        if (completed) {
            throw new IllegalStateException("the asynchronous request is complete");
        }
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        if (completed) {
            throw new IllegalStateException("the asynchronous request is complete");
        }
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return originalRequestAndResponse;
    }

    @Override
    public void dispatch() {
        dispatch((String) null);
    }

    @Override
    public void dispatch(String path) {
        if (dispatchPending || completed) {
            throw new IllegalStateException("dispatch after dispatch or complete");
        }
        dispatchPending = true;
        dispatchPath = path;
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        if (context != base.getServletContext()) {
            throw new IllegalArgumentException("lsbaws serves one web application: cannot dispatch to another context");
        }
        dispatch(path);
    }

    @Override
    public void complete() {
        if (dispatchPending) {
            throw new IllegalStateException("complete after dispatch");
        }
        completed = true;
    }

    /** Runs the task at once, on this thread: a forked child has no other thread to run it on. */
    @Override
    public void start(Runnable run) {
        run.run();
    }

    @Override
    public void addListener(AsyncListener listener) {
        listeners.add(new Registration(listener, request, response));
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        listeners.add(new Registration(listener, servletRequest, servletResponse));
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ServletException("cannot instantiate " + type.getName() + ": " + e, e);
        }
    }

    @Override
    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    @Override
    public long getTimeout() {
        return timeout;
    }
}
