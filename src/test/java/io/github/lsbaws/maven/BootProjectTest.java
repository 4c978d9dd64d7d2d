package io.github.lsbaws.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.model.Build;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class a Spring Boot project's POM and classes name as its application. */
class BootProjectTest {
    @TempDir
    Path classes;

    private static final String APPLICATION = "io.github.lsbaws.testapps.NamedClasses$BootApplication";

    /** The compiled class of a test application annotated @SpringBootApplication, in the project's classes. */
    private void compiledApplication() throws Exception {
        String path = APPLICATION.replace('.', '/') + ".class";
        Path file = classes.resolve(path);
        Files.createDirectories(file.getParent());
        try (InputStream in = BootProjectTest.class.getClassLoader().getResourceAsStream(path)) {
            Files.copy(in, file);
        }
    }

    private MavenProject project(String startClass, String mainClass) {
        MavenProject project = new MavenProject();
        Build build = new Build();
        build.setOutputDirectory(classes.toString());
        project.getModel().setBuild(build);
        if (startClass != null) {
            project.getProperties().setProperty("start-class", startClass);
        }
        if (mainClass != null) {
            Plugin boot = new Plugin();
            boot.setGroupId("org.springframework.boot");
            boot.setArtifactId("spring-boot-maven-plugin");
            Xpp3Dom configuration = new Xpp3Dom("configuration");
            Xpp3Dom main = new Xpp3Dom("mainClass");
            main.setValue(mainClass);
            configuration.addChild(main);
            boot.setConfiguration(configuration);
            build.addPlugin(boot);
        }
        return project;
    }

    @Test
    void thePomsNameWins() throws Exception {
        compiledApplication();
        assertEquals("com.example.Named", BootProject.applicationClass(project("com.example.Named", null)));
        assertEquals("com.example.Main", BootProject.applicationClass(project(null, "com.example.Main")));
    }

    @Test
    void anUnresolvedStartClassAsBootsParentWritesItIsNoName() throws Exception {
        // spring-boot-starter-parent configures <mainClass>${start-class}</mainClass>; a project that
        // sets no start-class leaves it as it is, and Boot's own plugin finds the class itself.
        compiledApplication();
        assertEquals(APPLICATION, BootProject.applicationClass(project(null, "${start-class}")));
        assertEquals(APPLICATION, BootProject.applicationClass(project("${app.main}", "${start-class}")));
    }

    @Test
    void noAnnotatedClassIsNoBootApplication() throws Exception {
        assertNull(BootProject.applicationClass(project(null, "${start-class}")));
    }
}
