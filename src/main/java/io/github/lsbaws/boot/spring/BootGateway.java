package io.github.lsbaws.boot.spring;

import io.github.lsbaws.gateway.ForwardingGateway;
import io.github.lsbaws.gateway.Gateway;
import org.springframework.context.ConfigurableApplicationContext;

/** The Boot application's web application, whose shutdown is Boot's: closing the context stops its web server. */
final class BootGateway extends ForwardingGateway {
    private final ConfigurableApplicationContext context;

    BootGateway(Gateway web, ConfigurableApplicationContext context) {
        super(web);
        this.context = context;
    }

    @Override
    public void destroy() {
        context.close();
    }
}
