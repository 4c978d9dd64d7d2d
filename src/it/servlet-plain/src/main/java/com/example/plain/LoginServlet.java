package com.example.plain;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * An application-level form login held in the HttpSession: GET shows the form (with a token
 * kept in the session against cross-site posts), POST checks the user and password from the
 * servlet's init parameters, stores the user in the session under a new session id, and
 * redirects to the account page.
 */
public class LoginServlet extends HttpServlet {
    static final String USER = "user";
    private static final String TOKEN = "loginToken";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession();
        String token = newToken();
        session.setAttribute(TOKEN, token);
        String message = request.getParameter("signed-out") != null ? "<p id=\"message\">You have signed out.</p>\n" : "";
        form(response, message, token, "");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        String expectedToken = session == null ? null : (String) session.getAttribute(TOKEN);
        if (expectedToken == null || !expectedToken.equals(request.getParameter("token"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "The form has expired: load the sign-in page again.");
            return;
        }
        String username = String.valueOf(request.getParameter("username"));
        String password = String.valueOf(request.getParameter("password"));
        if (!same(username, getInitParameter("username")) || !same(password, getInitParameter("password"))) {
            String token = newToken();
            session.setAttribute(TOKEN, token);
            form(response, "<p id=\"message\" class=\"error\">Unknown user or wrong password for \u201c"
                    + Html.escape(username) + "\u201d.</p>\n", token, username);
            return;
        }
        session.removeAttribute(TOKEN);
        session.setAttribute(USER, username);
        request.changeSessionId(); // a session id seen before signing in is worthless after it
        response.sendRedirect("account");
    }

    private static void form(HttpServletResponse response, String message, String token, String username) throws IOException {
        Html.page(response, "Sign in", message
                + "<form method=\"post\" action=\"login\">\n"
                + "<input type=\"hidden\" name=\"token\" value=\"" + token + "\">\n"
                + "<p><label>User <input id=\"username\" name=\"username\" value=\"" + Html.escape(username) + "\"></label></p>\n"
                + "<p><label>Password <input id=\"password\" name=\"password\" type=\"password\"></label></p>\n"
                + "<p><button id=\"sign-in\" type=\"submit\">Sign in</button></p>\n"
                + "</form>\n");
    }

    /** 16 bytes from the system's generator (NativePRNG reads /dev/urandom at every call). */
    private static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), String.valueOf(expected).getBytes(StandardCharsets.UTF_8));
    }
}
