package io.github.lsbaws.servlet.jsp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a web application needs the JSP engine, and which libraries are the engine's. Free of
 * Jasper's types: the Maven JVM asks it which jars the server JVM gets, and the server asks it
 * whether the engine is there before touching any Jasper class.
 */
public final class JspFiles {
    /** The group ids of Apache Jasper and what it brings: the Pages and EL APIs, the EL implementation, the JDT compiler. */
    private static final Set<String> ENGINE_GROUPS = Set.of("org.mortbay.jasper", "jakarta.servlet.jsp", "jakarta.el",
            "org.eclipse.jdt");
    private static final String ENGINE_CLASS = "org.apache.jasper.servlet.JspServlet";
    private static final Set<String> EXTENSIONS = Set.of(".jsp", ".jspx", ".jspf", ".tag", ".tagx");

    private JspFiles() {}

    /** Whether a library of the server's own class path belongs to the JSP engine (loaded only where JSP is). */
    public static boolean isEngineLibrary(String groupId) {
        return ENGINE_GROUPS.contains(groupId);
    }

    /** Whether a jar in a Maven repository's layout (group/artifact/version/name.jar) is one of the engine's. */
    public static boolean isEngineJar(String path) {
        String slashed = path.replace('\\', '/');
        return ENGINE_GROUPS.stream().anyMatch(group -> slashed.contains("/" + group.replace('.', '/') + "/"));
    }

    /** Whether the JSP engine is on this JVM's class path (the server was started for a web application with JSP). */
    public static boolean engineAvailable() {
        try {
            Class.forName(ENGINE_CLASS, false, JspFiles.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Whether the webapp directory holds a JSP page, fragment or tag file, or its WEB-INF/web.xml
     * declares a jsp-file servlet or jsp-config.
     */
    public static boolean present(Path webapp) {
        if (webapp == null || !Files.isDirectory(webapp)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(webapp)) {
            if (files.anyMatch(JspFiles::isJspSource)) {
                return true;
            }
            Path descriptor = webapp.resolve("WEB-INF/web.xml");
            if (Files.isRegularFile(descriptor)) {
                String text = Files.readString(descriptor);
                return text.contains("<jsp-file>") || text.contains("<jsp-config>");
            }
            return false;
        } catch (IOException | UncheckedIOException e) {
            return false; // an unreadable webapp fails later, where its deployment says why
        }
    }

    /** A page, a fragment or a tag file, by its extension. */
    static boolean isJspSource(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot)) && Files.isRegularFile(file);
    }
}
