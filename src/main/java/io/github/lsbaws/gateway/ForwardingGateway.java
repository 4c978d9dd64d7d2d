package io.github.lsbaws.gateway;

import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;
import java.util.List;

/** A gateway that hands everything to another, for one that changes only part of it (its shutdown, what runs before a request). */
public abstract class ForwardingGateway implements Gateway {
    protected final Gateway delegate;

    protected ForwardingGateway(Gateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public void serve(Request request, Response response, ConnectionInfo connection) throws Exception {
        delegate.serve(request, response, connection);
    }

    @Override
    public List<Gateway> rehearsals() throws Exception {
        return delegate.rehearsals();
    }

    @Override
    public String root() {
        return delegate.root();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }
}
