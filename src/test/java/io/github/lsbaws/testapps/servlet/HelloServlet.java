package io.github.lsbaws.testapps.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A small JSON answer, as a REST endpoint gives: what -Dapp=io.github.lsbaws.testapps.servlet.HelloServlet serves. */
public class HelloServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String name = request.getParameter("name");
        response.getWriter().write("{\"hello\":\"" + (name == null ? "world" : name) + "\",\"path\":\"" + request.getPathInfo()
                + "\",\"pid\":" + ProcessHandle.current().pid() + "}");
    }
}
