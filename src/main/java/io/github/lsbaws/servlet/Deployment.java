package io.github.lsbaws.servlet;

import io.github.lsbaws.servlet.deploy.ClassIndex;
import io.github.lsbaws.servlet.deploy.WebXml;
import io.github.lsbaws.servlet.deploy.WebXmlParser;
import io.github.lsbaws.servlet.jsp.JspEngine;
import io.github.lsbaws.servlet.jsp.JspFiles;
import io.github.lsbaws.servlet.statics.Resources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Deploys the web application, once, in the server's parent before it forks: the deployment
 * descriptor (WEB-INF/web.xml), the {@code @WebServlet}, {@code @WebFilter} and
 * {@code @WebListener} classes (unless the descriptor is metadata-complete), the
 * ServletContainerInitializers the application's class loader provides (how Spring's
 * WebApplicationInitializer and Jersey's {@code @ApplicationPath} applications start), then the
 * context listeners and the initialisation of every filter and servlet.
 */
public final class Deployment {
    private static final String[] ANNOTATIONS = {WebServlet.class.getName(), WebFilter.class.getName(),
        WebListener.class.getName()};

    /**
     * @param webapp the webapp directory (src/main/webapp), or null
     * @param contextPath "" for the root, else "/name"
     * @param stateDirectory where sessions, temporary files and the scan cache go (target/lsbaws)
     * @param classpath the application's classpath roots (its classes directory first, then its jars)
     * @param loader the application's class loader
     */
    public record Settings(Path webapp, String contextPath, Path stateDirectory, List<Path> classpath, ClassLoader loader) {
        public Settings {
            contextPath = normalizeContextPath(contextPath);
        }
    }

    private Deployment() {}

    /** "/" and "" are the root (""); otherwise a leading '/' and no trailing one. */
    public static String normalizeContextPath(String contextPath) {
        if (contextPath == null || contextPath.isBlank() || contextPath.strip().equals("/")) {
            return "";
        }
        String path = contextPath.strip();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0 || path.indexOf(';') >= 0 || path.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("context path '" + contextPath + "' must be a plain path such as /shop");
        }
        return path;
    }

    /** Deploys a web application: its descriptor, annotations and initializers. */
    public static ServletGateway webApplication(Settings settings) throws ServletException, IOException {
        long start = System.nanoTime();
        WebApplication app = newApplication(settings);
        WebXml web = null;
        Path descriptor = settings.webapp() == null ? null : settings.webapp().resolve("WEB-INF/web.xml");
        if (descriptor != null && Files.isRegularFile(descriptor)) {
            web = WebXmlParser.parse(descriptor);
            apply(web, app);
        }
        ClassIndex index = ClassIndex.scan(settings.classpath(), settings.stateDirectory().resolve("scan-cache"));
        if (web == null || !web.metadataComplete) {
            applyAnnotations(index, app, settings.loader(), web);
        }
        runInitializers(index, app, settings);
        app.start();
        int expired = app.sessions().sweep();
        Log.info("Deployed the web application at " + (app.getContextPath().isEmpty() ? "/" : app.getContextPath()) + ": "
                + app.registry().servletHolders().size() + " servlet(s), " + app.registry().filterHolders().size() + " filter(s); classes scanned: "
                + index.summary() + "; " + (System.nanoTime() - start) / 1_000_000 + " ms"
                + (expired > 0 ? "; " + expired + " expired session(s) removed" : ""));
        return new ServletGateway(app);
    }

    /** Deploys one servlet class at /* (-Dapp=com.example.MyServlet). */
    public static ServletGateway singleServlet(Class<? extends Servlet> type, Settings settings) throws ServletException {
        WebApplication app = newApplication(settings);
        ServletHolder holder = app.registry().newServlet(type.getName());
        holder.setType(type);
        WebServlet annotation = type.getAnnotation(WebServlet.class);
        holder.setAsyncSupported(annotation == null || annotation.asyncSupported());
        for (WebInitParam parameter : annotation == null ? new WebInitParam[0] : annotation.initParams()) {
            holder.putInitParameter(parameter.name(), parameter.value());
        }
        MultipartConfig multipart = type.getAnnotation(MultipartConfig.class);
        if (multipart != null) {
            holder.setMultipartConfig(new MultipartConfigElement(multipart));
        }
        holder.addMapping("/*");
        app.start();
        app.sessions().sweep();
        return new ServletGateway(app);
    }

    static WebApplication newApplication(Settings settings) {
        List<Path> classpath = settings.classpath();
        try {
            Files.createDirectories(settings.stateDirectory().resolve("tmp")); // ServletContext.TEMPDIR exists, as in Jetty
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + settings.stateDirectory().resolve("tmp"), e);
        }
        WebApplication app = new WebApplication(settings.contextPath(), settings.loader(), settings.stateDirectory(),
                new Resources(settings.webapp(), classpath));
        ServletHolder defaults = app.registry().newServlet(WebApplication.DEFAULT_SERVLET);
        defaults.setInstance(new DefaultServlet(app));
        defaults.setOverridable(true);
        defaults.addOwnMapping("/");
        ServletHolder jsp = app.registry().newServlet(WebApplication.JSP_SERVLET);
        if (JspFiles.engineAvailable()) {
            JspEngine.initParameters(settings.stateDirectory()).forEach(jsp::putInitParameter);
            jsp.setInstance(JspEngine.newServlet());
        } else {
            jsp.setInstance(new JspServlet());
        }
        jsp.setOverridable(true);
        jsp.addOwnMapping("*.jsp");
        jsp.addOwnMapping("*.jspx");
        return app;
    }

    /** The deployment descriptor's declarations. */
    static void apply(WebXml web, WebApplication app) throws ServletException {
        if (web.version != null) {
            try {
                String[] parts = web.version.split("\\.");
                app.setEffectiveVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
            } catch (NumberFormatException e) {
                // a version lsbaws does not understand: the container's own
            }
        }
        app.setDisplayName(web.displayName);
        web.contextParameters.forEach(app::putInitParameter);
        web.mimeMappings.forEach(app::putMimeType);
        if (web.welcomeFiles != null) {
            app.setWelcomeFiles(web.welcomeFiles);
        }
        if (web.requestCharacterEncoding != null) {
            app.setRequestCharacterEncoding(web.requestCharacterEncoding);
        }
        if (web.responseCharacterEncoding != null) {
            app.setResponseCharacterEncoding(web.responseCharacterEncoding);
        }
        if (web.sessionTimeout != null) {
            app.setSessionTimeout(web.sessionTimeout);
        }
        if (web.sessionCookie != null) {
            WebXml.SessionCookie cookie = web.sessionCookie;
            var config = app.getSessionCookieConfig();
            if (cookie.name() != null) {
                config.setName(cookie.name());
            }
            if (cookie.path() != null) {
                config.setPath(cookie.path());
            }
            if (cookie.domain() != null) {
                config.setDomain(cookie.domain());
            }
            if (cookie.httpOnly() != null) {
                config.setHttpOnly(cookie.httpOnly());
            }
            if (cookie.secure() != null) {
                config.setSecure(cookie.secure());
            }
            if (cookie.maxAge() != null) {
                config.setMaxAge(cookie.maxAge());
            }
            cookie.attributes().forEach(config::setAttribute);
        }
        for (WebXml.ErrorPage page : web.errorPages) {
            if (page.errorCode() != null) {
                app.errorPages.addStatus(page.errorCode(), page.location());
            } else if (page.exceptionType() != null) {
                app.errorPages.addException(page.exceptionType(), page.location());
            } else {
                app.errorPages.setDefault(page.location());
            }
        }
        if (web.securityConstraints || web.loginConfig) {
            app.log("warning: web.xml declares " + (web.securityConstraints ? "<security-constraint>" : "<login-config>")
                    + ": " + Unsupported.SECURITY + ". They are NOT enforced.");
        }
        for (WebXml.Servlet servlet : web.servlets) {
            if (!servlet.enabled()) {
                continue;
            }
            ServletHolder holder = app.registry().newServlet(servlet.name());
            if (servlet.className() != null) {
                holder.setClassName(servlet.className());
            } else if (servlet.jspFile() != null && JspFiles.engineAvailable()) {
                app.registry().servletHolders().get(WebApplication.JSP_SERVLET).getInitParameters().forEach(holder::putInitParameter);
                holder.putInitParameter(JspEngine.jspFileParameter(), servlet.jspFile());
                holder.setInstance(JspEngine.newServlet());
            } else if (servlet.jspFile() != null) {
                holder.setInstance(new JspServlet());
            }
            servlet.initParameters().forEach(holder::putInitParameter);
            if (servlet.loadOnStartup() != null) {
                holder.setLoadOnStartup(servlet.loadOnStartup());
            }
            if (servlet.asyncSupported() != null) {
                holder.setAsyncSupported(servlet.asyncSupported());
            }
            if (servlet.multipart() != null) {
                WebXml.Multipart m = servlet.multipart();
                holder.setMultipartConfig(new MultipartConfigElement(m.location() == null ? "" : m.location(), m.maxFileSize(),
                        m.maxRequestSize(), m.fileSizeThreshold()));
            }
        }
        for (WebXml.ServletMapping mapping : web.servletMappings) {
            ServletHolder holder = app.registry().servletHolders().get(mapping.servletName());
            if (holder == null) {
                throw new ServletException("web.xml maps servlet '" + mapping.servletName() + "', which it does not declare");
            }
            Set<String> conflicts = holder.addMapping(mapping.urlPatterns().toArray(new String[0]));
            if (!conflicts.isEmpty()) {
                throw new ServletException("web.xml maps " + conflicts + " to servlet '" + mapping.servletName()
                        + "', but another servlet has them");
            }
        }
        for (WebXml.Filter filter : web.filters) {
            FilterHolder holder = app.registry().newFilter(filter.name());
            if (filter.className() != null) {
                holder.setClassName(filter.className());
            }
            filter.initParameters().forEach(holder::putInitParameter);
            if (filter.asyncSupported() != null) {
                holder.setAsyncSupported(filter.asyncSupported());
            }
        }
        for (WebXml.FilterMapping mapping : web.filterMappings) {
            FilterHolder holder = app.registry().filterHolders().get(mapping.filterName());
            if (holder == null) {
                throw new ServletException("web.xml maps filter '" + mapping.filterName() + "', which it does not declare");
            }
            EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
            for (String dispatcher : mapping.dispatchers()) {
                types.add(DispatcherType.valueOf(dispatcher.strip()));
            }
            if (!mapping.urlPatterns().isEmpty()) {
                holder.addMappingForUrlPatterns(types, true, mapping.urlPatterns().toArray(new String[0]));
            }
            if (!mapping.servletNames().isEmpty()) {
                holder.addMappingForServletNames(types, true, mapping.servletNames().toArray(new String[0]));
            }
        }
        for (String listener : web.listeners) {
            app.addListener(listener);
        }
    }

    /** The @WebServlet, @WebFilter and @WebListener classes of the application; the descriptor wins where both speak. */
    private static void applyAnnotations(ClassIndex index, WebApplication app, ClassLoader loader, WebXml web)
            throws ServletException {
        Set<String> declaredServlets = new LinkedHashSet<>();
        Set<String> declaredFilters = new LinkedHashSet<>();
        Set<String> mappedServlets = new LinkedHashSet<>();
        if (web != null) {
            web.servlets.forEach(s -> declaredServlets.add(s.name()));
            web.filters.forEach(f -> declaredFilters.add(f.name()));
            web.servletMappings.forEach(m -> mappedServlets.add(m.servletName()));
        }
        for (String annotation : ANNOTATIONS) {
            for (String className : index.annotatedWith(annotation)) {
                Class<?> type;
                try {
                    type = Class.forName(className, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new ServletException("cannot load the annotated class " + className + ": " + e, e);
                }
                if (annotation.equals(WebServlet.class.getName())) {
                    servletFromAnnotation(type, app, declaredServlets, mappedServlets);
                } else if (annotation.equals(WebFilter.class.getName())) {
                    filterFromAnnotation(type, app, declaredFilters);
                } else if (EventListener.class.isAssignableFrom(type)) {
                    app.addListener(type.asSubclass(EventListener.class));
                }
            }
        }
    }

    private static void servletFromAnnotation(Class<?> type, WebApplication app, Set<String> declared, Set<String> mapped)
            throws ServletException {
        if (!Servlet.class.isAssignableFrom(type)) {
            throw new ServletException(type.getName() + " is annotated @WebServlet but is not a jakarta.servlet.Servlet");
        }
        WebServlet annotation = type.getAnnotation(WebServlet.class);
        String name = annotation.name().isEmpty() ? type.getName() : annotation.name();
        ServletHolder holder = app.registry().newServlet(name);
        boolean inDescriptor = declared.contains(name);
        if (!holder.hasClass()) {
            holder.setType(type.asSubclass(Servlet.class));
        }
        for (WebInitParam parameter : annotation.initParams()) {
            if (holder.getInitParameter(parameter.name()) == null) {
                holder.putInitParameter(parameter.name(), parameter.value());
            }
        }
        if (!inDescriptor) {
            holder.setLoadOnStartup(annotation.loadOnStartup());
            holder.setAsyncSupported(annotation.asyncSupported());
        }
        MultipartConfig multipart = type.getAnnotation(MultipartConfig.class);
        if (multipart != null && holder.multipartConfig() == null) {
            holder.setMultipartConfig(new MultipartConfigElement(multipart));
        }
        if (type.getAnnotation(ServletSecurity.class) != null) {
            app.log("warning: " + type.getName() + " is annotated @ServletSecurity: " + Unsupported.SECURITY
                    + ". It is NOT enforced.");
        }
        String[] patterns = annotation.urlPatterns().length > 0 ? annotation.urlPatterns() : annotation.value();
        if (!mapped.contains(name) && patterns.length > 0) {
            Set<String> conflicts = holder.addMapping(patterns);
            if (!conflicts.isEmpty()) {
                throw new ServletException("@WebServlet on " + type.getName() + " maps " + conflicts + ", which another servlet has");
            }
        }
    }

    private static void filterFromAnnotation(Class<?> type, WebApplication app, Set<String> declared) throws ServletException {
        if (!Filter.class.isAssignableFrom(type)) {
            throw new ServletException(type.getName() + " is annotated @WebFilter but is not a jakarta.servlet.Filter");
        }
        WebFilter annotation = type.getAnnotation(WebFilter.class);
        String name = annotation.filterName().isEmpty() ? type.getName() : annotation.filterName();
        FilterHolder holder = app.registry().newFilter(name);
        if (!holder.hasClass()) {
            holder.setType(type.asSubclass(Filter.class));
        }
        for (WebInitParam parameter : annotation.initParams()) {
            if (holder.getInitParameter(parameter.name()) == null) {
                holder.putInitParameter(parameter.name(), parameter.value());
            }
        }
        if (declared.contains(name)) {
            return; // the descriptor's mappings and settings
        }
        holder.setAsyncSupported(annotation.asyncSupported());
        EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        for (DispatcherType dispatcherType : annotation.dispatcherTypes()) {
            types.add(dispatcherType);
        }
        String[] patterns = annotation.urlPatterns().length > 0 ? annotation.urlPatterns() : annotation.value();
        if (patterns.length > 0) {
            holder.addMappingForUrlPatterns(types, true, patterns);
        }
        if (annotation.servletNames().length > 0) {
            holder.addMappingForServletNames(types, true, annotation.servletNames());
        }
    }

    /**
     * Calls every ServletContainerInitializer found with ServiceLoader over the application's
     * loader, with the application's classes its @HandlesTypes names (subtypes, and classes
     * annotated with an annotation type), loaded but not initialised; null when there are none.
     * The JSP engine's own comes first, as a container's does.
     */
    private static void runInitializers(ClassIndex index, WebApplication app, Settings settings) throws ServletException {
        ClassLoader loader = settings.loader();
        List<ServletContainerInitializer> initializers = new ArrayList<>();
        if (JspFiles.engineAvailable()) {
            initializers.add(JspEngine.initializer(settings.classpath()));
        }
        try {
            for (ServletContainerInitializer initializer : ServiceLoader.load(ServletContainerInitializer.class, loader)) {
                initializers.add(initializer);
            }
        } catch (ServiceConfigurationError e) {
            throw new ServletException("a ServletContainerInitializer could not be loaded: " + e.getMessage(), e);
        }
        for (ServletContainerInitializer initializer : initializers) {
            HandlesTypes handles = initializer.getClass().getAnnotation(HandlesTypes.class);
            Set<Class<?>> classes = null;
            if (handles != null) {
                Set<String> names = new LinkedHashSet<>();
                for (Class<?> handled : handles.value()) {
                    if (handled.isAnnotation()) {
                        names.addAll(index.annotatedWith(handled.getName()));
                    } else {
                        names.addAll(index.subtypesOf(handled.getName(), loader));
                    }
                }
                if (!names.isEmpty()) {
                    classes = new LinkedHashSet<>();
                    for (String name : names) {
                        try {
                            classes.add(Class.forName(name, false, loader));
                        } catch (ClassNotFoundException | LinkageError e) {
                            // a class whose dependencies are missing: it cannot be used anyway (Tomcat skips it too)
                        }
                    }
                }
            }
            Set<Class<?>> handled = classes;
            app.withApplicationLoader(() -> initializer.onStartup(handled, app));
        }
    }

    /**
     * A stand-in application for the parent's rehearsal of a servlet request: a filter and a
     * servlet that read a parameter, a header and the body, and answer through the writer, so
     * that the container's own request path is linked once in the parent and not in every child.
     */
    public static ServletGateway standIn(Path stateDirectory) throws ServletException {
        Settings settings = new Settings(null, "", stateDirectory, List.of(), Deployment.class.getClassLoader());
        WebApplication app = newApplication(settings);
        ServletHolder servlet = app.registry().newServlet("warm");
        servlet.setInstance(new StandInServlet());
        servlet.setAsyncSupported(true);
        servlet.addMapping("/warm/*");
        FilterHolder filter = app.registry().newFilter("warm");
        filter.setInstance(new StandInFilter());
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(null, true, "/*");
        app.start();
        return new ServletGateway(app);
    }

    private static final class StandInServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            request.getParameter("x");
            request.getHeader("Accept");
            request.getCookies();
            request.getSession(false);
            request.getInputStream().readAllBytes();
            super.service(request, response);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            doGet(request, response);
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write("warm");
        }
    }

    private static final class StandInFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            chain.doFilter(request, response);
        }
    }
}
