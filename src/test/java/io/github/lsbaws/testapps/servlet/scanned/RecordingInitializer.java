package io.github.lsbaws.testapps.servlet.scanned;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/** An initializer as frameworks write them: it receives its handled types and registers a servlet. */
@HandlesTypes({Plugin.class, Marker.class})
public class RecordingInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : classes) {
            names.add(type.getSimpleName());
        }
        context.setAttribute("handled", names.toString());
        ServletRegistration.Dynamic registration = context.addServlet("dynamic", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().print("dynamic q=" + getInitParameter("q") + " handled=" + context.getAttribute("handled")
                        + " multipart=" + request.getHttpServletMapping().getServletName());
            }
        });
        registration.addMapping("/dynamic/*");
        registration.setInitParameter("q", "w");
        registration.setLoadOnStartup(1);
        registration.setAsyncSupported(true);
        registration.setMultipartConfig(new MultipartConfigElement(""));
    }
}
