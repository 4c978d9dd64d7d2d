package io.github.lsbaws.servlet.jsp;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache Jasper as the container's JSP servlet, as Jetty runs it: an ordinary servlet mapped to
 * *.jsp and *.jspx (and to each jsp-file servlet), and an initializer that reads the tag library
 * descriptors first. Only called when {@link JspFiles#engineAvailable()}; its signatures name no
 * Jasper type, so the container links against it without the engine.
 *
 * <p>Pages are compiled in the server's parent, while the servlet is initialised, into
 * {@code target/lsbaws/jsp} (Jasper's scratch directory): the children inherit the loaded page
 * classes, and the next server (a reload, the next run) compiles only the pages edited since.
 * Jasper's development mode is off, so a child never compiles: an edited page is compiled by
 * the generation the reload starts.
 */
public final class JspEngine {
    private JspEngine() {}

    /** A new JSP servlet: the one for *.jsp, or, with a jspFile init parameter, a jsp-file servlet. */
    public static Servlet newServlet() {
        return new ForkedJspServlet();
    }

    /** The engine's settings, as the JSP servlet's init parameters (a web.xml's own override them). */
    public static Map<String, String> initParameters(Path stateDirectory) {
        Path scratch = stateDirectory.resolve("jsp");
        try {
            Files.createDirectories(scratch); // Jasper refuses a scratch directory that does not exist
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create JSP's scratch directory " + scratch, e);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("scratchdir", scratch.toString());
        parameters.put("development", "false"); // no compiling, nor checking page dates, in the children
        parameters.put("compilerSourceVM", "17");
        parameters.put("compilerTargetVM", "17");
        parameters.put("xpoweredBy", "false");
        return parameters;
    }

    /** The initializer that scans the tag libraries of WEB-INF and of the application's class path; run before the application's. */
    public static ServletContainerInitializer initializer(List<Path> classpath) {
        return new TagLibraryInitializer(classpath);
    }

    /** The name of a jsp-file servlet's init parameter naming its page, as Jasper reads it. */
    public static String jspFileParameter() {
        return "jspFile";
    }
}
