package io.github.lsbaws.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * A Spring Boot project as the Mojos see it: the application class (the POM's start-class, the
 * spring-boot-maven-plugin's mainClass, else the one compiled class annotated
 * {@code @SpringBootApplication}) and the port its application.properties names.
 */
final class BootProject {
    /** How the annotation is written in a class file that carries it. */
    private static final byte[] ANNOTATION = "Lorg/springframework/boot/autoconfigure/SpringBootApplication;"
            .getBytes(StandardCharsets.UTF_8);

    private BootProject() {}

    /** The application class name, or null when the project is not a Spring Boot application. */
    static String applicationClass(MavenProject project) throws IOException {
        String startClass = named(project.getProperties().getProperty("start-class"));
        if (startClass != null) {
            return startClass;
        }
        Plugin boot = project.getPlugin("org.springframework.boot:spring-boot-maven-plugin");
        if (boot != null && boot.getConfiguration() instanceof Xpp3Dom configuration
                && configuration.getChild("mainClass") != null) {
            String mainClass = named(configuration.getChild("mainClass").getValue());
            if (mainClass != null) {
                return mainClass;
            }
        }
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        if (!Files.isDirectory(classes)) {
            return null;
        }
        List<Path> annotated;
        try (Stream<Path> files = Files.walk(classes)) {
            annotated = files.filter(f -> f.toString().endsWith(".class") && carriesAnnotation(f)).toList();
        }
        if (annotated.size() > 1) {
            throw new IOException("several classes are annotated @SpringBootApplication: " + annotated
                    + "; name one with -Dapp=CLASS or the POM's <start-class> property");
        }
        if (annotated.isEmpty()) {
            return null;
        }
        String name = classes.relativize(annotated.get(0)).toString();
        return name.substring(0, name.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }

    /**
     * A class name the POM gives, or null: none, or a property left unresolved, as
     * spring-boot-starter-parent's {@code <mainClass>${start-class}</mainClass>} is in a project
     * that sets no start-class (Boot's own plugin then finds the class itself, and so does this).
     */
    private static String named(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }

    private static boolean carriesAnnotation(Path classFile) {
        try {
            byte[] bytes = Files.readAllBytes(classFile);
            outer:
            for (int i = 0; i + ANNOTATION.length <= bytes.length; i++) {
                for (int j = 0; j < ANNOTATION.length; j++) {
                    if (bytes[i + j] != ANNOTATION[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** server.port of the compiled application.properties, or -1 (application.yml and profiles are not read). */
    static int serverPort(MavenProject project) {
        Path file = Path.of(project.getBuild().getOutputDirectory(), "application.properties");
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file); Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
            String port = properties.getProperty("server.port");
            return port == null ? -1 : Integer.parseInt(port.strip());
        } catch (IOException | NumberFormatException e) {
            return -1; // a placeholder such as ${PORT:8080}: lsbaws's default
        }
    }
}
