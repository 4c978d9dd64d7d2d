package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** ?forward=/path forwards; ?include=/path writes around an include; ?named=name forwards to a servlet by name. */
public class DispatchServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (request.getParameter("forward") != null) {
            response.getWriter().print("lost before the forward");
            request.getRequestDispatcher(request.getParameter("forward")).forward(request, response);
            return;
        }
        if (request.getParameter("named") != null) {
            getServletContext().getNamedDispatcher(request.getParameter("named")).forward(request, response);
            return;
        }
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("X-Outer", "yes");
        response.getWriter().println("before include");
        request.getRequestDispatcher(request.getParameter("include")).include(request, response);
        response.getWriter().println("after include");
    }
}
