package io.github.lsbaws.servlet.jsp;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.tomcat.Jar;
import org.apache.tomcat.JarScanFilter;
import org.apache.tomcat.JarScanType;
import org.apache.tomcat.JarScanner;
import org.apache.tomcat.JarScannerCallback;
import org.apache.tomcat.util.scan.JarFactory;

/**
 * Hands Jasper the jars and class directories a tag library may come from: WEB-INF/lib and
 * WEB-INF/classes of the webapp directory, then the application's class path (its classes
 * directory and its dependencies: during development they are not copied into WEB-INF/lib).
 * Tomcat's StandardJarScanner would walk the class loaders instead, and skip a class path it
 * does not recognise as a web application's.
 */
final class ClasspathJarScanner implements JarScanner {
    private final List<Path> classpath;
    private JarScanFilter filter = (type, name) -> true;

    ClasspathJarScanner(List<Path> classpath) {
        this.classpath = classpath;
    }

    @Override
    public void scan(JarScanType type, ServletContext context, JarScannerCallback callback) {
        Set<Path> seen = new LinkedHashSet<>();
        try {
            for (String path : sorted(context.getResourcePaths("/WEB-INF/lib/"))) {
                String real = context.getRealPath(path);
                if (path.endsWith(".jar") && real != null && seen.add(Path.of(real).toAbsolutePath())) {
                    scanJar(Path.of(real), path, type, callback);
                }
            }
            String classes = context.getRealPath("/WEB-INF/classes/");
            if (classes != null && Files.isDirectory(Path.of(classes))) {
                seen.add(Path.of(classes).toAbsolutePath());
                callback.scan(Path.of(classes).toFile(), "/WEB-INF/classes", true);
            }
            for (Path root : classpath) {
                if (!seen.add(root.toAbsolutePath())) {
                    continue;
                }
                if (Files.isDirectory(root)) {
                    callback.scan(root.toFile(), null, true);
                } else if (Files.isRegularFile(root) && root.toString().endsWith(".jar")) {
                    scanJar(root, null, type, callback);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("scanning the application's jars for tag libraries: " + e.getMessage(), e);
        }
    }

    private void scanJar(Path file, String webappPath, JarScanType type, JarScannerCallback callback) throws IOException {
        if (!filter.check(type, file.getFileName().toString())) {
            return;
        }
        try (Jar jar = JarFactory.newInstance(toUrl(file))) {
            callback.scan(jar, webappPath, true);
        }
    }

    private static java.net.URL toUrl(Path file) throws MalformedURLException {
        return file.toUri().toURL();
    }

    private static List<String> sorted(Set<String> paths) {
        List<String> list = new ArrayList<>(paths == null ? Set.of() : paths);
        list.sort(null);
        return list;
    }

    @Override
    public JarScanFilter getJarScanFilter() {
        return filter;
    }

    @Override
    public void setJarScanFilter(JarScanFilter filter) {
        this.filter = filter;
    }
}
