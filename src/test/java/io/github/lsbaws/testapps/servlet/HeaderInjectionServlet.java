package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts "\r\nSet-Cookie: injected=1" into a response header through the API named by ?via=, as a
 * servlet that copies a request parameter into a header would; ?via=none answers "ok".
 * The container must refuse it: no injected header may reach the wire.
 */
public class HeaderInjectionServlet extends HttpServlet {
    static final String INJECTED = "\r\nSet-Cookie: injected=1";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String via = String.valueOf(request.getParameter("via"));
        switch (via) {
            case "redirect" -> response.sendRedirect("/ok" + INJECTED);
            case "setHeader" -> response.setHeader("X-Next", "/ok" + INJECTED);
            case "addHeader" -> response.addHeader("X-Next", "/ok" + INJECTED);
            case "headerName" -> response.setHeader("X-Next" + INJECTED, "/ok");
            case "contentTypeHeader" -> response.setHeader("Content-Type", "text/plain" + INJECTED);
            case "contentType" -> response.setContentType("text/plain" + INJECTED);
            case "characterEncoding" -> response.setCharacterEncoding("utf-8" + INJECTED);
            case "dateHeader" -> response.setDateHeader("X-When" + INJECTED, 0);
            case "cookiePath" -> {
                Cookie cookie = new Cookie("theme", "dark");
                cookie.setPath("/" + INJECTED);
                response.addCookie(cookie);
            }
            case "cookieAttribute" -> {
                Cookie cookie = new Cookie("theme", "dark");
                cookie.setAttribute("Comment-Like", "x" + INJECTED);
                response.addCookie(cookie);
            }
            default -> {
            }
        }
        response.setContentType("text/plain");
        response.getWriter().print("ok");
    }
}
