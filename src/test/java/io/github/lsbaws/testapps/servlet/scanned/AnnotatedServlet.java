package io.github.lsbaws.testapps.servlet.scanned;

import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Found by the class scan: mapped, configured and initialised from its annotation. */
@WebServlet(urlPatterns = "/annotated", initParams = @WebInitParam(name = "p", value = "v"), loadOnStartup = 2)
public class AnnotatedServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().print("annotated p=" + getInitParameter("p") + " filtered=" + request.getAttribute("annotated-filter")
                + " listener=" + getServletContext().getAttribute("listener"));
    }
}
