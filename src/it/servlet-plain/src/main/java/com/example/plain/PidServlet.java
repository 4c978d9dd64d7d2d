package com.example.plain;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Declared by annotation beside web.xml's servlets: the pid of the process serving the request. */
@WebServlet(name = "pid", urlPatterns = "/pid")
public class PidServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(ProcessHandle.current().pid() + "\n");
    }
}
