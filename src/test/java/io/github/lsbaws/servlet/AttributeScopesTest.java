package io.github.lsbaws.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's, a request's and a session's attributes follow one rule: null names, listeners, null values. */
class AttributeScopesTest {
    @TempDir
    Path state;

    /** Every listener call, as "scope kind name=value". */
    private final List<String> heard = new ArrayList<>();

    private final class Listener implements ServletContextAttributeListener, ServletRequestAttributeListener,
            HttpSessionAttributeListener {
        @Override
        public void attributeAdded(ServletContextAttributeEvent e) {
            heard.add("context added " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeReplaced(ServletContextAttributeEvent e) {
            heard.add("context replaced " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeRemoved(ServletContextAttributeEvent e) {
            heard.add("context removed " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeAdded(ServletRequestAttributeEvent e) {
            heard.add("request added " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeReplaced(ServletRequestAttributeEvent e) {
            heard.add("request replaced " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeRemoved(ServletRequestAttributeEvent e) {
            heard.add("request removed " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent e) {
            heard.add("session added " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent e) {
            heard.add("session replaced " + e.getName() + "=" + e.getValue());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent e) {
            heard.add("session removed " + e.getName() + "=" + e.getValue());
        }
    }

    /** What each scope does with a null name, and the events of add, replace, null value (remove), remove of nothing. */
    private static String exercise(String scope, Getter get, Setter set, Remover remove) {
        StringBuilder out = new StringBuilder();
        for (Runnable nullName : List.<Runnable>of(() -> get.get(null), () -> set.set(null, "v"), () -> remove.remove(null))) {
            try {
                nullName.run();
                out.append(scope).append(" accepted a null name; ");
            } catch (RuntimeException e) {
                out.append(e.getClass().getSimpleName()).append("; ");
            }
        }
        set.set("a", "1");
        set.set("a", "2");
        set.set("a", null);
        remove.remove("a");
        out.append(get.get("a"));
        return out.toString();
    }

    private interface Getter {
        Object get(String name);
    }

    private interface Setter {
        void set(String name, Object value);
    }

    private interface Remover {
        void remove(String name);
    }

    @Test
    void theThreeScopesFollowOneRule() throws Exception {
        List<String> results = new ArrayList<>();
        HttpServlet servlet = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                var context = request.getServletContext();
                results.add(exercise("context", context::getAttribute, context::setAttribute, context::removeAttribute));
                results.add(exercise("request", request::getAttribute, request::setAttribute, request::removeAttribute));
                var session = request.getSession();
                results.add(exercise("session", session::getAttribute, session::setAttribute, session::removeAttribute));
            }
        };
        WebApplication app = Deployment.newApplication(new Deployment.Settings(null, "", state, List.of(),
                AttributeScopesTest.class.getClassLoader()));
        ServletHolder holder = app.registry().newServlet("scopes");
        holder.setInstance(servlet);
        holder.addMapping("/*");
        app.addListener(new Listener());
        app.start();
        try (ServletFixture web = ServletFixture.of(new ServletGateway(app), state)) {
            assertEquals(200, ServletFixture.status(web.get("/")));
        }
        String same = "NullPointerException; NullPointerException; NullPointerException; null";
        assertEquals(List.of(same, same, same), results, "a null name is refused alike, and the attribute is gone in each");
        List<String> expected = new ArrayList<>();
        for (String scope : List.of("context", "request", "session")) {
            expected.addAll(List.of(scope + " added a=1", scope + " replaced a=1", scope + " removed a=2"));
        }
        assertEquals(expected, heard, "each scope tells its listeners alike: the new value when added, the old one when replaced or removed");
    }
}
