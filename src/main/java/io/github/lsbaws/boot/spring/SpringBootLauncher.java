package io.github.lsbaws.boot.spring;

import io.github.lsbaws.boot.BootLauncher;
import io.github.lsbaws.gateway.Gateway;
import io.github.lsbaws.servlet.Deployment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.boot.SpringApplication;

/**
 * Runs the application's main inside {@link SpringApplication#withHook}, Boot's own way of
 * taking part in a run without changing the application: the hook registers lsbaws's
 * ServletWebServerFactory before the context's configuration is read, so Boot's
 * {@code @ConditionalOnMissingBean} factories (Tomcat, Jetty, Undertow) are never created.
 */
public final class SpringBootLauncher implements BootLauncher {
    @Override
    public Gateway launch(Method main, String[] args, int port, Deployment.Settings deployment) throws Exception {
        WebServers servers = new WebServers(port, deployment);
        ServerRegistration registration = new ServerRegistration(servers);
        Throwable[] thrown = new Throwable[1];
        SpringApplication.withHook(registration, () -> {
            try {
                main.invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause();
            } catch (IllegalAccessException e) {
                thrown[0] = e;
            }
        });
        if (thrown[0] instanceof Exception e) {
            throw e;
        } else if (thrown[0] instanceof Error e) {
            throw e;
        }
        String name = main.getDeclaringClass().getName();
        if (registration.context() == null) {
            throw new IllegalStateException(name + ".main returned without running a Spring Boot application"
                    + " (lsbaws serves the application that main starts with SpringApplication.run, in main's thread)");
        }
        LsbawsWebServer server = servers.started();
        if (server == null) {
            registration.context().close();
            throw new IllegalStateException(name + " started no servlet web server: lsbaws serves Spring Boot servlet web"
                    + " applications (spring-boot-starter-web or -webmvc); " + (servers.created() ? "Boot did not start it"
                    : "this one is not a servlet web application (spring.main.web-application-type, or a reactive one)"));
        }
        return new BootGateway(server.application().gateway(), registration.context());
    }
}
