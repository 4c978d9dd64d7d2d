package io.github.lsbaws.reload;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * How the project's maven-compiler-plugin compiles its main sources, read from its POM, so that
 * a file compiled on save gets what `mvn compile` would give it: the release (or source and
 * target), the encoding, -parameters (Spring resolves parameter names with it), debug
 * information, preview features, annotation processing and the extra compiler arguments.
 *
 * <p>A setting comes from the plugin's configuration (its default-compile execution's first),
 * else from the user property the plugin reads for it ({@code maven.compiler.release}...).
 *
 * @param processorPath the annotationProcessorPaths as files, empty to let javac look on the classpath
 */
public record CompilerSettings(String release, String source, String target, String encoding, boolean parameters,
                        boolean debug, boolean enablePreview, String proc, List<String> processors,
                        List<String> processorPath, List<String> compilerArgs) {

    /** A coordinate of annotationProcessorPaths: groupId, artifactId, version, classifier (or null), type. */
    public record Coordinate(String groupId, String artifactId, String version, String classifier, String type) {}

    /** Where an artifact of annotationProcessorPaths lies (the local repository), or null if it is not there. */
    public interface ArtifactFiles {
        String find(Coordinate coordinate);
    }

    /**
     * @param configuration the plugin's configuration merged with its default-compile execution's, or null
     * @param properties the project's properties and the user's (-D) on top
     */
    public static CompilerSettings from(Xpp3Dom configuration, Properties properties, ArtifactFiles artifacts) {
        Values values = new Values(configuration, properties);
        List<String> processorPath = new ArrayList<>();
        Xpp3Dom paths = configuration == null ? null : configuration.getChild("annotationProcessorPaths");
        if (paths != null) {
            for (Xpp3Dom path : paths.getChildren()) {
                Coordinate coordinate = new Coordinate(text(path, "groupId"), text(path, "artifactId"), text(path, "version"),
                        text(path, "classifier"), text(path, "type") == null ? "jar" : text(path, "type"));
                String file = artifacts.find(coordinate);
                if (file == null) {
                    throw new IllegalStateException("the annotation processor " + coordinate.groupId() + ":"
                            + coordinate.artifactId() + ":" + coordinate.version() + " is not in the local repository;"
                            + " run mvn compile once");
                }
                processorPath.add(file);
            }
        }
        return new CompilerSettings(values.get("release", "maven.compiler.release"),
                values.get("source", "maven.compiler.source"), values.get("target", "maven.compiler.target"),
                values.get("encoding", "project.build.sourceEncoding"),
                Boolean.parseBoolean(values.get("parameters", "maven.compiler.parameters")),
                !"false".equals(values.get("debug", "maven.compiler.debug")),
                Boolean.parseBoolean(values.get("enablePreview", "maven.compiler.enablePreview")),
                values.get("proc", "maven.compiler.proc"), values.list("annotationProcessors"), processorPath,
                compilerArgs(values));
    }

    private static List<String> compilerArgs(Values values) {
        List<String> args = new ArrayList<>(values.list("compilerArgs"));
        String single = values.get("compilerArgument", null);
        if (single != null) {
            args.addAll(List.of(single.strip().split("\\s+")));
        }
        return args;
    }

    private static String text(Xpp3Dom parent, String name) {
        Xpp3Dom child = parent.getChild(name);
        return child == null || child.getValue() == null ? null : child.getValue().strip();
    }

    /** The options javac needs for these settings (besides -d and the classpath), for this JVM's javac. */
    List<String> javacOptions() {
        return javacOptions(Runtime.version().feature());
    }

    /**
     * The same for a javac of that feature version. A release that is the compiler's own is given
     * as source and target: javac then compiles against its own runtime's modules, the same API,
     * through the file manager every compilation shares, where --release opens the platform's
     * ct.sym archive again for each compilation (docs/performance.md: javac's own release).
     */
    List<String> javacOptions(int compilerFeature) {
        List<String> options = new ArrayList<>();
        if (release != null && release.equals(Integer.toString(compilerFeature))) {
            options.addAll(List.of("-source", release, "-target", release));
        } else if (release != null) {
            options.add("--release");
            options.add(release);
        } else {
            if (source != null) {
                options.add("-source");
                options.add(source);
            }
            if (target != null) {
                options.add("-target");
                options.add(target);
            }
        }
        if (encoding != null) {
            options.add("-encoding");
            options.add(encoding);
        }
        if (parameters) {
            options.add("-parameters");
        }
        if (debug) {
            options.add("-g");
        }
        if (enablePreview) {
            options.add("--enable-preview");
        }
        if (proc != null) {
            options.add("-proc:" + proc);
        }
        if (!processors.isEmpty()) {
            options.add("-processor");
            options.add(String.join(",", processors));
        }
        if (!processorPath.isEmpty()) {
            options.add("-processorpath");
            options.add(String.join(java.io.File.pathSeparator, processorPath));
        }
        options.addAll(compilerArgs);
        return options;
    }

    /** A setting from the configuration, else from a property; "${...}" left uninterpolated counts as unset. */
    private record Values(Xpp3Dom configuration, Properties properties) {
        String get(String parameter, String property) {
            String value = configuration == null ? null : text(configuration, parameter);
            if (value == null && property != null) {
                value = properties.getProperty(property);
            }
            return value == null || value.isBlank() || value.startsWith("${") ? null : value.strip();
        }

        List<String> list(String parameter) {
            Xpp3Dom list = configuration == null ? null : configuration.getChild(parameter);
            List<String> values = new ArrayList<>();
            if (list != null) {
                for (Xpp3Dom item : list.getChildren()) {
                    if (item.getValue() != null && !item.getValue().isBlank()) {
                        values.add(item.getValue().strip());
                    }
                }
            }
            return values;
        }
    }
}
