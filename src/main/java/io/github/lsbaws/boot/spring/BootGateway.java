package io.github.lsbaws.boot.spring;

import io.github.lsbaws.gateway.ConnectionInfo;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.http.Request;
import io.github.lsbaws.http.Response;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** The Boot application's web application, whose shutdown is Boot's: closing the context stops its web server. */
final class BootGateway implements Gateway {
    private final Gateway web;
    private final ConfigurableApplicationContext context;

    BootGateway(Gateway web, ConfigurableApplicationContext context) {
        this.web = web;
        this.context = context;
    }

    @Override
    public void serve(Request request, Response response, ConnectionInfo connection) throws Exception {
        web.serve(request, response, connection);
    }

    @Override
    public List<Gateway> rehearsals() throws Exception {
        return web.rehearsals();
    }

    @Override
    public void destroy() {
        context.close();
    }
}
