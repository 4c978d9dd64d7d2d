package io.github.lsbaws.gateway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's class loaders, split as Spring Boot DevTools splits them: its library jars
 * in one loader kept for the server JVM's whole life, its project classes (the classpath's
 * directories) in a loader of their own for each deployment. A server JVM that deploys the
 * application a second time (a standby that deployed it ahead) keeps the libraries' loaded,
 * linked and compiled classes; only the project's are loaded again.
 *
 * <p>The project's loader looks in its directories first, as the one loader of the classpath
 * did when the directories came first: a class or resource of the project hides a library's
 * of the same name.
 */
public final class ApplicationLoaders {
    private final URLClassLoader libraries;
    private final URL[] projectRoots;

    private ApplicationLoaders(URLClassLoader libraries, URL[] projectRoots) {
        this.libraries = libraries;
        this.projectRoots = projectRoots;
    }

    /** Splits classpath (directories: the project's; anything else: a library) above parent. */
    public static ApplicationLoaders of(List<String> classpath, ClassLoader parent) {
        List<URL> jars = new ArrayList<>();
        List<URL> directories = new ArrayList<>();
        for (String entry : classpath) {
            File file = new File(entry);
            (file.isDirectory() ? directories : jars).add(url(file));
        }
        return new ApplicationLoaders(new LibraryClassLoader(jars.toArray(URL[]::new), parent),
                directories.toArray(URL[]::new));
    }

    private static URL url(File file) {
        try {
            return file.toURI().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loader of the library jars, the same for every deployment of this JVM. */
    public ClassLoader libraries() {
        return libraries;
    }

    /** A new loader of the project's classes over the libraries': one deployment's. */
    public ClassLoader newProjectLoader() {
        return new ProjectClassLoader(projectRoots, libraries);
    }

    /**
     * The library jars, which do not change while the JVM lives: what a resource name resolved
     * to, or that it resolved to nothing, is kept. A lookup otherwise asks the server's loader
     * and then each jar in turn, interpreted in a child; a framework looks each link of a page
     * up as a static file in four places, and a static file several times per request (exists,
     * length, last modified, stream). What the parent resolved, its children find at once
     * (docs/performance.md).
     */
    static final class LibraryClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, Optional<URL>> resolved = new ConcurrentHashMap<>();

        LibraryClassLoader(URL[] jars, ClassLoader parent) {
            super("libraries", jars, parent);
        }

        @Override
        public URL getResource(String name) {
            Optional<URL> url = resolved.get(name);
            if (url == null) {
                url = Optional.ofNullable(super.getResource(name));
                resolved.put(name, url);
            }
            return url.orElse(null);
        }
    }

    /** The project's directories first, then the libraries' loader. */
    static final class ProjectClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        /**
         * The classes the libraries' loader gave for a name this loader was asked for: a library
         * class is asked for here by name thousands of times (frameworks load by the context
         * loader), and a child would otherwise look in the project's directories each time.
         */
        private final Map<String, Class<?>> delegated = new ConcurrentHashMap<>();

        ProjectClassLoader(URL[] roots, ClassLoader libraries) {
            super("app", roots, libraries);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            Class<?> type = delegated.get(name);
            if (type == null) {
                synchronized (getClassLoadingLock(name)) {
                    type = findLoadedClass(name);
                    if (type == null && !name.startsWith("java.") && findResource(name.replace('.', '/') + ".class") != null) {
                        type = findClass(name);
                    }
                    if (type == null) {
                        type = getParent().loadClass(name);
                        delegated.put(name, type);
                    }
                }
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : getParent().getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> all = Collections.list(findResources(name));
            all.addAll(Collections.list(getParent().getResources(name)));
            return Collections.enumeration(all);
        }
    }
}
