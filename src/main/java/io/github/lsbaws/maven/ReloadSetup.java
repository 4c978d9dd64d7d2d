package io.github.lsbaws.maven;

import io.github.lsbaws.launcher.ServerProcess;
import io.github.lsbaws.reload.CompilerSettings;
import io.github.lsbaws.reload.DevLoop;
import io.github.lsbaws.reload.ProjectLayout;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/** What reloading needs from the Maven project: its {@link ProjectLayout} and its compiler's settings. */
final class ReloadSetup {
    private static final String COMPILER_PLUGIN = "org.apache.maven.plugins:maven-compiler-plugin";

    private ReloadSetup() {}

    /** How long javac's warm-up waits for the first generation to serve before it gives up. */
    private static final java.time.Duration FIRST_START_BOUND = java.time.Duration.ofMinutes(30);

    /** Starts reloading the server on changes to the project (compiling saved sources too, with compile); logs how. */
    static DevLoop start(MavenProject project, MavenSession session, ServerProcess server, boolean compile, Log log)
            throws MojoExecutionException {
        try {
            CompilerSettings settings = compile ? compilerSettings(project, session, log) : null;
            DevLoop loop = new DevLoop(layout(project), settings, server::reload, log,
                    () -> server.awaitServing(FIRST_START_BOUND)); // javac's warm-up after the first deployment
            log.info("lsbaws: reloading when " + (settings != null ? "sources, " : "") + "resources, classes"
                    + (webInf(project) != null ? ", WEB-INF" : "") + " change; press Enter to reload now");
            return loop;
        } catch (DependencyResolutionRequiredException | IOException e) {
            throw new MojoExecutionException("cannot watch the project for changes: " + e.getMessage(), e);
        }
    }

    static ProjectLayout layout(MavenProject project) throws DependencyResolutionRequiredException {
        Path base = project.getBasedir().toPath();
        Path build = Path.of(project.getBuild().getDirectory());
        // Generated sources (under target) are the business of the plugins that generate them.
        List<Path> sourceRoots = project.getCompileSourceRoots().stream().map(Path::of).filter(root -> !root.startsWith(build))
                .toList();
        List<ProjectLayout.ResourceRoot> resources = new ArrayList<>();
        for (Resource resource : project.getResources()) {
            resources.add(new ProjectLayout.ResourceRoot(base.resolve(resource.getDirectory()), resource.getTargetPath(),
                    resource.isFiltering(), resource.getIncludes(), resource.getExcludes()));
        }
        List<Path> buildFiles = new ArrayList<>();
        for (MavenProject p = project; p != null && p.getFile() != null; p = p.getParent()) {
            buildFiles.add(p.getFile().toPath());
        }
        List<Path> dependencies = new ArrayList<>();
        for (Artifact artifact : project.getArtifacts()) {
            File file = artifact.getFile();
            if (file != null && file.isFile()) {
                dependencies.add(file.toPath());
            }
        }
        return new ProjectLayout(base, sourceRoots, resources, Path.of(project.getBuild().getOutputDirectory()),
                webInf(project), buildFiles, dependencies, project.getCompileClasspathElements(),
                build.resolve("lsbaws"));
    }

    private static Path webInf(MavenProject project) {
        Path webInf = project.getBasedir().toPath().resolve("src/main/webapp/WEB-INF");
        return Files.isDirectory(webInf) ? webInf : null;
    }

    /** The compiler plugin's settings for default-compile, or null (logged) when sources cannot be compiled here. */
    static CompilerSettings compilerSettings(MavenProject project, MavenSession session, Log log) {
        Plugin compiler = project.getPlugin(COMPILER_PLUGIN);
        Xpp3Dom configuration = compiler == null ? null : (Xpp3Dom) compiler.getConfiguration();
        if (compiler != null) {
            for (PluginExecution execution : compiler.getExecutions()) {
                if (execution.getId().equals("default-compile") && execution.getConfiguration() != null) {
                    configuration = Xpp3Dom.mergeXpp3Dom(new Xpp3Dom((Xpp3Dom) execution.getConfiguration()), configuration);
                }
            }
        }
        Properties properties = new Properties();
        properties.putAll(project.getProperties());
        properties.putAll(session.getUserProperties());
        Path repository = Path.of(session.getLocalRepository().getBasedir());
        try {
            return CompilerSettings.from(configuration, properties, coordinate -> {
                Path file = repository.resolve(coordinate.groupId().replace('.', '/')).resolve(coordinate.artifactId())
                        .resolve(coordinate.version()).resolve(coordinate.artifactId() + "-" + coordinate.version()
                                + (coordinate.classifier() == null ? "" : "-" + coordinate.classifier()) + "." + coordinate.type());
                return Files.isRegularFile(file) ? file.toString() : null;
            });
        } catch (IllegalStateException e) {
            log.warn("lsbaws: " + e.getMessage() + "; saved sources are not compiled, classes compiled elsewhere still reload");
            return null;
        }
    }
}
