package io.github.lsbaws.testapps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import jakarta.servlet.http.HttpServlet;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Classes people name with -Dapp= that hold no application member: the loader says what each is. */
public final class NamedClasses {
    private NamedClasses() {}

    /** A class whose main starts a server of its own. */
    public static final class WithMain {
        public static void main(String[] args) {
        }
    }

    /** A Spring Boot application class, as Boot's initializr writes it. */
    @SpringBootApplication
    public static class BootApplication {
        public static void main(String[] args) {
        }
    }

    public static final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) {
        }
    }

    public static class Servlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
    }
}
