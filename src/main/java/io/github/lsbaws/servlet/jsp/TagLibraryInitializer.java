package io.github.lsbaws.servlet.jsp;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.jasper.servlet.JasperInitializer;
import org.apache.tomcat.InstanceManager;
import org.apache.tomcat.JarScanner;
import org.apache.tomcat.SimpleInstanceManager;

/**
 * Jasper's own initializer (tag library descriptors found, their listeners added, the TLD cache
 * set) with what it expects a Tomcat context to hold: an InstanceManager, which creates tag
 * handlers by their constructor, and a JarScanner that knows lsbaws's class path.
 */
final class TagLibraryInitializer extends JasperInitializer {
    private final List<Path> classpath;

    TagLibraryInitializer(List<Path> classpath) {
        this.classpath = classpath;
    }

    @Override
    public void onStartup(Set<Class<?>> types, ServletContext context) throws ServletException {
        context.setAttribute(InstanceManager.class.getName(), new SimpleInstanceManager());
        context.setAttribute(JarScanner.class.getName(), new ClasspathJarScanner(classpath));
        super.onStartup(types, context);
    }
}
