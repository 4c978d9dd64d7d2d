package io.github.lsbaws.reload;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Where a project keeps what a reload depends on, as its POM says: the sources compiled on save,
 * the resources copied on save, the output directory other tools (an IDE, `mvn compile`) write,
 * the web application's WEB-INF, and what only a restart can apply (the POM, the dependencies).
 *
 * @param webInf the web application's WEB-INF directory, or null (its other files are served in place)
 * @param buildFiles the POM files: a change needs a restart
 * @param dependencies the dependency jars: a change needs a restart
 * @param compileClasspath the classpath sources are compiled against, the output directory included
 * @param stateDirectory where the plugin keeps its own files (target/lsbaws)
 */
public record ProjectLayout(Path projectDirectory, List<Path> sourceRoots, List<ResourceRoot> resources,
                            Path outputDirectory, Path webInf, List<Path> buildFiles, List<Path> dependencies,
                            List<String> compileClasspath, Path stateDirectory) {

    /**
     * A resource directory of the POM and where its files go in the output directory.
     *
     * @param targetPath the directory under the output directory, or null for its top
     * @param filtering whether Maven replaces ${...} in its files: such a file needs `mvn process-resources`
     */
    public record ResourceRoot(Path directory, String targetPath, boolean filtering, List<String> includes,
                               List<String> excludes) {
        /** Whether a file under this root is a resource by its includes and excludes (Maven's: all files when none). */
        boolean selects(Path file) {
            Path relative = directory.relativize(file);
            boolean included = includes.isEmpty() || includes.stream().anyMatch(pattern -> matches(pattern, relative));
            return included && excludes.stream().noneMatch(pattern -> matches(pattern, relative));
        }

        /** Where file goes in the output directory. */
        Path target(Path outputDirectory, Path file) {
            Path base = targetPath == null || targetPath.isBlank() ? outputDirectory : outputDirectory.resolve(targetPath);
            return base.resolve(directory.relativize(file).toString());
        }

        /** Maven's patterns: "**&#47;" also matches no directory at all, which a Java glob's does not. */
        private static boolean matches(String pattern, Path relative) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            if (matcher.matches(relative)) {
                return true;
            }
            return pattern.startsWith("**/") && FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3))
                    .matches(relative);
        }
    }
}
