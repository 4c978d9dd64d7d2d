package io.github.lsbaws.servlet.statics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The application's static resources: the webapp directory (src/main/webapp, read in place at
 * each request, so changes show at once), then META-INF/resources of the classpath's directories
 * and jars (Servlet 6.1 section 10.5). A jar's entries are listed once, at deployment; their
 * bytes are read at request time through a JarFile the request opens itself, never through a
 * descriptor shared with the parent and the other children. No path leaves its root: not
 * through "..", nor a symbolic link pointing outside.
 */
public final class Resources {
    private static final String PREFIX = "META-INF/resources";

    private final Path webapp;
    private final Path webappReal;
    private final List<Path> directories = new ArrayList<>();
    /** Path within the context (no trailing slash for files, with one for directories) to its jar entry. */
    private final Map<String, JarResource> jarEntries = new HashMap<>();

    /** A file found under a root: in a directory, or an entry of a jar. */
    public record Resource(Path file, JarResource entry, boolean directory, long length, long lastModified) {
        public InputStream open() throws IOException {
            if (file != null) {
                return Files.newInputStream(file);
            }
            JarFile jar = new JarFile(entry.jar().toFile());
            try {
                JarEntry jarEntry = jar.getJarEntry(entry.name());
                if (jarEntry == null) {
                    throw new IOException(entry.name() + " is no longer in " + entry.jar());
                }
                return new java.io.FilterInputStream(jar.getInputStream(jarEntry)) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            jar.close();
                        }
                    }
                };
            } catch (IOException | RuntimeException e) {
                jar.close();
                throw e;
            }
        }
    }

    public record JarResource(Path jar, String name, long length, long lastModified, boolean directory) {}

    /**
     * @param webapp the webapp directory, or null
     * @param classpath the application's classpath roots, searched for META-INF/resources
     */
    public Resources(Path webapp, List<Path> classpath) {
        this.webapp = webapp != null && Files.isDirectory(webapp) ? webapp.toAbsolutePath().normalize() : null;
        Path real = null;
        if (this.webapp != null) {
            try {
                real = this.webapp.toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.webappReal = real;
        for (Path root : classpath) {
            if (Files.isDirectory(root.resolve(PREFIX))) {
                directories.add(root.resolve(PREFIX).toAbsolutePath().normalize());
            } else if (Files.isRegularFile(root) && root.toString().endsWith(".jar")) {
                indexJar(root);
            }
        }
    }

    private void indexJar(Path jarPath) {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (!name.startsWith(PREFIX + "/") || name.length() == PREFIX.length() + 1) {
                    continue;
                }
                String path = name.substring(PREFIX.length());
                boolean directory = entry.isDirectory();
                String key = directory ? path : path;
                jarEntries.putIfAbsent(key, new JarResource(jarPath, name, entry.getSize(), entry.getTime(), directory));
                // parents, even where the jar has no directory entries
                int slash = path.lastIndexOf('/', directory ? path.length() - 2 : path.length() - 1);
                while (slash > 0) {
                    String parent = path.substring(0, slash + 1);
                    jarEntries.putIfAbsent(parent, new JarResource(jarPath, PREFIX + parent, 0, entry.getTime(), true));
                    slash = path.lastIndexOf('/', slash - 1);
                }
            }
        } catch (IOException e) {
            // not a readable jar: nothing of it is served
        }
    }

    /** Whether a path within the context is one no client may read: under WEB-INF or META-INF. */
    public static boolean isProtected(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.equals("/web-inf") || lower.startsWith("/web-inf/") || lower.equals("/meta-inf") || lower.startsWith("/meta-inf/");
    }

    /** Whether path is a canonical path within the context that cannot leave a root: no dot segment, backslash or NUL. */
    static boolean isSafe(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }

    /** The resource at path (a canonical path within the context), or null. */
    public Resource lookup(String path) {
        if (!isSafe(path)) {
            return null;
        }
        Path file = webappFile(path);
        if (file != null) {
            Resource resource = inRoot(file, webappReal);
            if (resource != null) {
                return resource;
            }
        }
        for (Path directory : directories) {
            Path candidate = directory.resolve(path.substring(1)).normalize();
            if (candidate.startsWith(directory)) {
                try {
                    Resource resource = inRoot(candidate, directory.toRealPath());
                    if (resource != null) {
                        return resource;
                    }
                } catch (IOException e) {
                    // the root went away
                }
            }
        }
        JarResource entry = jarEntries.get(path);
        if (entry == null && !path.endsWith("/")) {
            entry = jarEntries.get(path + "/");
        }
        if (entry != null) {
            return new Resource(null, entry, entry.directory(), entry.length(), entry.lastModified());
        }
        return null;
    }

    /** A file of the webapp directory (whether it exists or not), or null when path would leave it. */
    private Path webappFile(String path) {
        if (webapp == null) {
            return null;
        }
        Path file = webapp.resolve(path.substring(1)).normalize();
        return file.startsWith(webapp) ? file : null;
    }

    /** The file as a resource if it exists and its real location (symbolic links followed) is under the root's. */
    private static Resource inRoot(Path file, Path realRoot) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Path real = file.toRealPath();
            if (!real.startsWith(realRoot)) {
                return null; // a symbolic link out of the root
            }
            return new Resource(file, null, attributes.isDirectory(), attributes.size(),
                    attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    /** ServletContext.getRealPath: the webapp directory's file for path, or null. */
    public Path file(String path) {
        if (path == null || webapp == null) {
            return null;
        }
        String relative = path.startsWith("/") ? path : "/" + path;
        if (!isSafe(relative)) {
            return null;
        }
        return webappFile(relative);
    }

    /** ServletContext.getResource. */
    public URL url(String path) throws MalformedURLException {
        Resource resource = lookup(path);
        if (resource == null) {
            return null;
        }
        if (resource.file() != null) {
            return resource.file().toUri().toURL();
        }
        return new URL("jar:" + resource.entry().jar().toUri() + "!/" + resource.entry().name());
    }

    /** ServletContext.getResourceAsStream. */
    public InputStream open(String path) {
        Resource resource = lookup(path);
        if (resource == null || resource.directory()) {
            return null;
        }
        try {
            return resource.open();
        } catch (IOException e) {
            return null;
        }
    }

    /** ServletContext.getResourcePaths: the entries directly under a directory path, directories ending in '/'. */
    public Set<String> list(String path) {
        if (path != null && !path.endsWith("/")) {
            path = path + "/"; // a directory named without its slash, as Jasper names a tag directory (Tomcat and Jetty list it)
        }
        if (path == null || !isSafe(path.substring(0, path.length() - 1) + "/x")) {
            return null;
        }
        TreeSet<String> paths = new TreeSet<>();
        List<Path> roots = new ArrayList<>();
        if (webapp != null) {
            roots.add(webapp);
        }
        roots.addAll(directories);
        for (Path root : roots) {
            Path directory = root.resolve(path.substring(1)).normalize();
            if (!directory.startsWith(root) || !Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
                for (Path child : children) {
                    paths.add(path + child.getFileName() + (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) ? "/" : ""));
                }
            } catch (IOException e) {
                // unreadable: nothing listed from it
            }
        }
        for (String key : jarEntries.keySet()) {
            if (key.startsWith(path) && key.length() > path.length()) {
                int slash = key.indexOf('/', path.length());
                paths.add(slash < 0 ? key : key.substring(0, slash + 1));
            }
        }
        return paths.isEmpty() ? null : paths;
    }
}
