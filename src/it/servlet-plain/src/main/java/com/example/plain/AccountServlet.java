package com.example.plain;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The protected page: without a signed-in session it redirects to the sign-in form; with one it
 * shows the user, the session's visit count and the pid of the process that served it.
 */
public class AccountServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        String user = session == null ? null : (String) session.getAttribute(LoginServlet.USER);
        if (user == null) {
            response.sendRedirect("login");
            return;
        }
        Integer previous = (Integer) session.getAttribute("visits");
        int visits = previous == null ? 1 : previous + 1;
        session.setAttribute("visits", visits);
        Html.page(response, "Your account",
                "<p>Signed in as <span id=\"user\">" + Html.escape(user) + "</span>.</p>\n"
                + "<p>Visits while signed in: <span id=\"visits\">" + visits + "</span>.</p>\n"
                + "<p>Served by process <span id=\"pid\">" + ProcessHandle.current().pid() + "</span>.</p>\n"
                + "<form method=\"post\" action=\"logout\"><button id=\"sign-out\" type=\"submit\">Sign out</button></form>\n");
    }
}
