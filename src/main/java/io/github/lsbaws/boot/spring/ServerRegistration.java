package io.github.lsbaws.boot.spring;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Takes part in every SpringApplication run of the main thread: a servlet web server context gets
 * lsbaws's factory as a bean definition before its configuration is processed; the first context
 * that becomes ready is the application's.
 */
final class ServerRegistration implements SpringApplicationHook, SpringApplicationRunListener {
    static final String BEAN_NAME = "lsbawsServletWebServerFactory";
    private static final String BOOT4_SPI = "org.springframework.boot.web.server.servlet.ServletWebServerFactory";
    private static final String FACTORY = ServerRegistration.class.getPackageName() + ".Boot%dServletWebServerFactory";

    private final WebServers servers;
    private ConfigurableApplicationContext context;

    ServerRegistration(WebServers servers) {
        this.servers = servers;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public SpringApplicationRunListener getRunListener(SpringApplication application) {
        return this;
    }

    @Override
    public void contextPrepared(ConfigurableApplicationContext prepared) {
        if (prepared instanceof BeanDefinitionRegistry registry && isServletWebServerContext(prepared.getClass())
                && !registry.containsBeanDefinition(BEAN_NAME)) {
            registry.registerBeanDefinition(BEAN_NAME, factoryDefinition(prepared.getClassLoader()));
        }
    }

    @Override
    public void ready(ConfigurableApplicationContext ready, java.time.Duration timeTaken) {
        if (context == null) {
            context = ready;
        }
    }

    private static boolean isServletWebServerContext(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            if (t.getSimpleName().equals("ServletWebServerApplicationContext")) {
                return true;
            }
        }
        return false;
    }

    /** The factory of the Boot line on the application's classpath (its SPI's package changed in Boot 4). */
    @SuppressWarnings("unchecked")
    private RootBeanDefinition factoryDefinition(ClassLoader applicationLoader) {
        int line;
        try {
            Class.forName(BOOT4_SPI, false, applicationLoader);
            line = 4;
        } catch (ClassNotFoundException e) {
            line = 3;
        }
        try {
            Class<Object> type = (Class<Object>) Class.forName(String.format(FACTORY, line), true, getClass().getClassLoader());
            Object factory = type.getConstructor(WebServers.class).newInstance(servers);
            return new RootBeanDefinition(type, () -> factory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lsbaws's Boot " + line + " web server factory cannot be made: " + e, e);
        }
    }
}
