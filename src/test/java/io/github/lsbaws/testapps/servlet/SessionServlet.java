package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A counter and a list kept in the session: "count=N pid=P new=B id=ID". ?invalidate ends the
 * session, ?change gives it a new id (after ?login=NAME stores "user", as a login does),
 * ?sleep=ms holds it (and its lock) a while, ?hold=FILE holds it until that file exists,
 * ?bad stores a value that is not Serializable; ?peek shows the session without making one.
 */
public class SessionServlet extends HttpServlet {
    @Override
    @SuppressWarnings("unchecked")
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        if (request.getParameter("peek") != null) {
            HttpSession existing = request.getSession(false);
            response.getWriter().print(existing == null ? "none"
                    : "count=" + existing.getAttribute("count") + " user=" + existing.getAttribute("user"));
            return;
        }
        HttpSession session = request.getSession();
        if (request.getParameter("hold") != null) {
            holdUntil(Path.of(request.getParameter("hold")));
        }
        if (request.getParameter("invalidate") != null) {
            session.invalidate();
            response.getWriter().print("invalidated");
            return;
        }
        if (request.getParameter("bad") != null) {
            try {
                session.setAttribute("thread", new Object());
                response.getWriter().print("stored");
            } catch (IllegalArgumentException e) {
                response.getWriter().print("refused: " + e.getMessage());
            }
            return;
        }
        Integer count = (Integer) session.getAttribute("count");
        int next = count == null ? 1 : count + 1;
        session.setAttribute("count", next);
        List<Long> pids = (List<Long>) session.getAttribute("pids");
        if (pids == null) {
            pids = new ArrayList<>();
            session.setAttribute("pids", pids);
        }
        pids.add(ProcessHandle.current().pid()); // changed in place: saved all the same
        if (request.getParameter("login") != null) {
            session.setAttribute("user", request.getParameter("login"));
        }
        if (request.getParameter("change") != null) {
            request.changeSessionId();
        }
        if (request.getParameter("sleep") != null) {
            try {
                Thread.sleep(Long.parseLong(request.getParameter("sleep")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        response.getWriter().print("count=" + next + " pid=" + ProcessHandle.current().pid() + " new=" + session.isNew()
                + " id=" + session.getId() + " pids=" + pids.size());
    }

    /** Waits, holding the session's lock, until file exists (the test that asked says when), at most 60 s. */
    private static void holdUntil(Path file) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
