package io.github.lsbaws.servlet;

import static io.github.lsbaws.servlet.ServletFixture.body;
import static io.github.lsbaws.servlet.ServletFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.servlet.deploy.ClassIndex;
import io.github.lsbaws.testapps.servlet.scanned.StartupListener;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Annotations found in class files, ServletContainerInitializers with their handled types, listeners, the scan cache. */
class DeploymentTest {
    private static final String SCANNED = "io/github/lsbaws/testapps/servlet/scanned/";

    @TempDir
    Path temp;

    /** A jar of the scanned test package and a service file naming its initializer: the application's library. */
    private Path applicationJar() throws IOException, java.net.URISyntaxException {
        Path classes = Path.of(DeploymentTest.class.getResource("/" + SCANNED).toURI());
        Path jar = temp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new JarEntry(SCANNED + file.getFileName()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/jakarta.servlet.ServletContainerInitializer"));
            out.write("io.github.lsbaws.testapps.servlet.scanned.RecordingInitializer\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/resources/from-jar.txt"));
            out.write("in a jar".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private ServletFixture deploy(String webapp, Path jar, URLClassLoader loader) throws Exception {
        return ServletFixture.deploy(webapp == null ? null : ServletFixture.webapp(webapp), "", temp.resolve("state"),
                List.of(jar), loader);
    }

    @Test
    void annotationsInitializersAndListeners() throws Exception {
        Path jar = applicationJar();
        StartupListener.EVENTS.clear();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            try (ServletFixture web = deploy(null, jar, loader)) {
                assertEquals(List.of("initialized"), StartupListener.EVENTS);
                assertEquals("annotated p=v filtered=yes listener=started", body(web.get("/annotated")));
                String dynamic = body(web.get("/dynamic/x"));
                assertEquals("dynamic q=w handled=[BasePlugin, ConcretePlugin, MarkedClass] multipart=dynamic", dynamic);
                assertFalse(StartupListener.EVENTS.contains("ConcretePlugin initialised"), "the scan initialised a class");
                assertTrue(web.app().getServletRegistration("dynamic").getMappings().contains("/dynamic/*"));
                assertEquals("in a jar", body(web.get("/from-jar.txt")));
            }
            assertEquals(List.of("initialized", "destroyed"), StartupListener.EVENTS);
        }
    }

    @Test
    void metadataCompleteSkipsAnnotationsButNotInitializers() throws Exception {
        Path jar = applicationJar();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
             ServletFixture web = deploy("complete", jar, loader)) {
            assertEquals(404, status(web.get("/annotated")));
            assertTrue(body(web.get("/dynamic/x")).startsWith("dynamic q=w"));
            assertEquals(4, web.app().getEffectiveMajorVersion());
        }
    }

    @Test
    void eachJarIsReadOnceThenComesFromTheCache() throws Exception {
        Path jar = applicationJar();
        Path cache = temp.resolve("cache");
        ClassIndex first = ClassIndex.scan(List.of(jar), cache);
        assertEquals(1, first.jarsRead());
        ClassIndex second = ClassIndex.scan(List.of(jar), cache);
        assertEquals(0, second.jarsRead());
        assertEquals(1, second.jarsFromCache());
        assertEquals(first.classes().size(), second.classes().size());
        assertEquals(first.annotatedWith("jakarta.servlet.annotation.WebServlet"),
                second.annotatedWith("jakarta.servlet.annotation.WebServlet"));
        // a changed jar is read again
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(1, ClassIndex.scan(List.of(jar), cache).jarsRead());
    }

    @Test
    void theClassReaderAgreesWithReflection() throws Exception {
        Path classes = Path.of(ServletGateway.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassIndex index = ClassIndex.scan(List.of(classes), null);
        for (Class<?> type : List.of(ServletGateway.class, ForkedRequest.class, DefaultServlet.class, WebApplication.class)) {
            ClassIndex.ClassInfo info = index.get(type.getName());
            assertEquals(type.getSuperclass() == null ? null : type.getSuperclass().getName(), info.superName(), type.getName());
            assertEquals(Stream.of(type.getInterfaces()).map(Class::getName).toList(), List.of(info.interfaces()), type.getName());
        }
    }

    @Test
    void aDescriptorWithAnUndeclaredServletFailsTheDeployment() throws Exception {
        Path webapp = temp.resolve("broken");
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), "<web-app><servlet-mapping><servlet-name>nobody</servlet-name>"
                + "<url-pattern>/x</url-pattern></servlet-mapping></web-app>");
        try {
            ServletFixture.deploy(webapp, "", temp.resolve("state"), List.of(), getClass().getClassLoader()).close();
            throw new AssertionError("deployed");
        } catch (jakarta.servlet.ServletException e) {
            assertTrue(e.getMessage().contains("'nobody'"), e.getMessage());
        }
    }
}
