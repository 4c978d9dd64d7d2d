package io.github.lsbaws.servlet;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Stands where a JSP engine would be (*.jsp, *.jspx): JSP is out of scope, said with a 501. */
final class JspServlet extends GenericServlet {
    private static final long serialVersionUID = 1L;

    @Override
    public void service(ServletRequest request, ServletResponse response) throws IOException {
        ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_IMPLEMENTED, Unsupported.JSP);
    }
}
