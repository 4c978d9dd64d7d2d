package io.github.lsbaws.servlet;

import io.github.lsbaws.gateway.StackTraces;
import io.github.lsbaws.servlet.scope.AttributeEvents;
import io.github.lsbaws.servlet.scope.Attributes;
import io.github.lsbaws.servlet.session.SessionStore;
import io.github.lsbaws.servlet.statics.Resources;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one web application a server runs: its {@link ServletContext}, its servlets and filters
 * ({@link ServletRegistry}), and what serving a request needs of it (error pages, sessions,
 * static resources). Built and initialised once in the parent by {@link Deployment}; every forked
 * child serves from this same, already initialised, object.
 */
public final class WebApplication implements ServletContext {
    static final String SERVER_INFO = "lsbaws/0.1";
    static final String DEFAULT_SERVLET = "default";
    static final String JSP_SERVLET = "jsp";

    private final String contextPath;
    private final ClassLoader classLoader;
    private final Path tempDirectory;
    private final Resources resources;
    private final SessionStore sessions;
    private final MimeTypes mimeTypes = new MimeTypes();
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private final ServletRegistry registry = new ServletRegistry(this);
    private final List<ServletContextListener> contextListeners = new ArrayList<>();
    private final List<ServletContextAttributeListener> contextAttributeListeners = new ArrayList<>();
    private static final AttributeEvents<WebApplication, ServletContextAttributeListener, ServletContextAttributeEvent>
            ATTRIBUTE_EVENTS = new AttributeEvents<>(ServletContextAttributeEvent::new, ServletContextAttributeListener::attributeAdded,
                    ServletContextAttributeListener::attributeReplaced, ServletContextAttributeListener::attributeRemoved);
    private final Attributes<WebApplication, ServletContextAttributeListener, ServletContextAttributeEvent> attributes;
    final List<ServletRequestListener> requestListeners = new ArrayList<>();
    final List<ServletRequestAttributeListener> requestAttributeListeners = new ArrayList<>();
    private final List<String> welcomeFiles = new ArrayList<>(List.of("index.html", "index.htm", "index.jsp"));
    private boolean welcomeFilesDeclared;
    final ErrorPages errorPages = new ErrorPages();
    private String displayName;
    private String requestCharacterEncoding;
    private String responseCharacterEncoding;
    private int effectiveMajor = 6;
    private int effectiveMinor = 1;
    private boolean initialized;

    WebApplication(String contextPath, ClassLoader classLoader, Path stateDirectory, Resources resources) {
        this.contextPath = contextPath;
        this.classLoader = classLoader;
        this.tempDirectory = stateDirectory.resolve("tmp");
        this.resources = resources;
        this.sessions = new SessionStore(stateDirectory.resolve("sessions"), classLoader, this);
        this.attributes = new Attributes<>(this, true, contextAttributeListeners, ATTRIBUTE_EVENTS);
        attributes.set(TEMPDIR, tempDirectory.toFile());
    }

    // What serving a request needs

    SessionStore sessions() {
        return sessions;
    }

    Resources resources() {
        return resources;
    }

    Path tempDirectory() {
        return tempDirectory;
    }

    ClassLoader applicationLoader() {
        return classLoader;
    }

    /** Its servlets and filters. */
    ServletRegistry registry() {
        return registry;
    }

    List<String> welcomeFiles() {
        return welcomeFiles;
    }

    void setWelcomeFiles(List<String> files) {
        if (!welcomeFilesDeclared) {
            welcomeFiles.clear();
            welcomeFilesDeclared = true;
        }
        welcomeFiles.addAll(files);
    }

    void putMimeType(String extension, String type) {
        mimeTypes.put(extension, type);
    }

    void putInitParameter(String name, String value) {
        initParameters.put(name, value);
    }

    void setDisplayName(String name) {
        this.displayName = name;
    }

    void setEffectiveVersion(int major, int minor) {
        this.effectiveMajor = major;
        this.effectiveMinor = minor;
    }

    void checkNotInitialized() {
        if (initialized) {
            throw new IllegalStateException("the ServletContext is already initialised: registrations can only change"
                    + " during deployment (ServletContainerInitializer.onStartup, ServletContextListener.contextInitialized)");
        }
    }

    /** Starts the application in the parent: context listeners, then its filters and servlets ({@link ServletRegistry#initialize}). */
    void start() throws ServletException {
        ServletContextEvent event = new ServletContextEvent(this);
        for (int i = 0; i < contextListeners.size(); i++) { // listeners may add listeners
            ServletContextListener listener = contextListeners.get(i);
            withApplicationLoader(() -> listener.contextInitialized(event));
        }
        registry.initialize();
        initialized = true;
    }

    /** At shutdown, in the parent: servlets and filters destroyed in reverse order, then the context listeners. */
    public void destroy() {
        registry.destroy();
        ServletContextEvent event = new ServletContextEvent(this);
        for (int i = contextListeners.size() - 1; i >= 0; i--) {
            ServletContextListener listener = contextListeners.get(i);
            try {
                withApplicationLoader(() -> listener.contextDestroyed(event));
            } catch (Throwable t) {
                log("contextDestroyed of " + listener.getClass().getName() + " failed", t);
            }
        }
    }

    /** Work done with the application's class loader as the thread's context loader. */
    interface Work {
        void run() throws ServletException;
    }

    void withApplicationLoader(Work work) throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous == classLoader) {
            work.run();
            return;
        }
        thread.setContextClassLoader(classLoader);
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    <T> Class<? extends T> loadClass(String className, Class<T> kind) throws ServletException {
        try {
            Class<?> type = Class.forName(className, true, classLoader);
            if (!kind.isAssignableFrom(type)) {
                throw new ServletException(className + " is not a " + kind.getName());
            }
            return type.asSubclass(kind);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ServletException("cannot load " + className + ": " + e, e);
        }
    }

    private <T> T instantiate(Class<T> type) throws ServletException {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ServletException("the constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ServletException("cannot instantiate " + type.getName() + " (a public no-argument constructor is needed): " + e, e);
        }
    }

    // ServletContext

    @Override
    public String getContextPath() {
        return contextPath;
    }

    @Override
    public ServletContext getContext(String uripath) {
        if (uripath != null && (contextPath.isEmpty() || uripath.equals(contextPath) || uripath.startsWith(contextPath + "/"))) {
            return this;
        }
        return null;
    }

    @Override
    public int getMajorVersion() {
        return 6;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public int getEffectiveMajorVersion() {
        return effectiveMajor;
    }

    @Override
    public int getEffectiveMinorVersion() {
        return effectiveMinor;
    }

    @Override
    public String getMimeType(String file) {
        return mimeTypes.typeOf(file);
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        return resources.list(path);
    }

    @Override
    public URL getResource(String path) throws MalformedURLException {
        if (path == null || !path.startsWith("/")) {
            throw new MalformedURLException("a resource path must start with /: " + path);
        }
        return resources.url(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        return resources.open(path);
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return Dispatcher.forPath(this, path);
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String name) {
        ServletHolder holder = registry.servletHolders().get(name);
        return holder == null ? null : Dispatcher.named(this, holder);
    }

    @Override
    public void log(String msg) {
        Log.error((displayName == null ? "" : displayName + ": ") + msg);
    }

    @Override
    public void log(String message, Throwable throwable) {
        Log.error((displayName == null ? "" : displayName + ": ") + message + "\n" + StackTraces.of(throwable));
    }

    @Override
    public String getRealPath(String path) {
        Path file = resources.file(path);
        return file == null ? null : file.toString();
    }

    @Override
    public String getServerInfo() {
        return SERVER_INFO;
    }

    @Override
    public String getInitParameter(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        return initParameters.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParameters.keySet());
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        checkNotInitialized();
        if (name == null) {
            throw new NullPointerException("name");
        }
        if (initParameters.containsKey(name)) {
            return false;
        }
        initParameters.put(name, value);
        return true;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(attributes.names());
    }

    @Override
    public void setAttribute(String name, Object object) {
        attributes.set(name, object);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public String getServletContextName() {
        return displayName;
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, String className) {
        checkNotInitialized();
        return registry.registerServlet(servletName, holder -> holder.setClassName(className));
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
        checkNotInitialized();
        if (servlet == null) {
            throw new IllegalArgumentException("null servlet");
        }
        return registry.registerServlet(servletName, holder -> holder.setInstance(servlet));
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
        checkNotInitialized();
        return registry.registerServlet(servletName, holder -> holder.setType(servletClass));
    }

    @Override
    public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
        throw new UnsupportedOperationException("JSP is not supported by lsbaws (addJspFile " + servletName + ", " + jspFile + ")");
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> type) throws ServletException {
        return instantiate(type);
    }

    @Override
    public ServletRegistration getServletRegistration(String servletName) {
        return registry.servletHolders().get(servletName);
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(registry.servletHolders()));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, String className) {
        checkNotInitialized();
        return registry.registerFilter(filterName, holder -> holder.setClassName(className));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
        checkNotInitialized();
        if (filter == null) {
            throw new IllegalArgumentException("null filter");
        }
        return registry.registerFilter(filterName, holder -> holder.setInstance(filter));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
        checkNotInitialized();
        return registry.registerFilter(filterName, holder -> holder.setType(filterClass));
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> type) throws ServletException {
        return instantiate(type);
    }

    @Override
    public FilterRegistration getFilterRegistration(String filterName) {
        return registry.filterHolders().get(filterName);
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(registry.filterHolders()));
    }

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        return sessions.cookieConfig();
    }

    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> sessionTrackingModes) {
        checkNotInitialized();
        if (sessionTrackingModes.contains(SessionTrackingMode.SSL)) {
            throw new IllegalArgumentException("SSL session tracking is not supported");
        }
        if (sessionTrackingModes.contains(SessionTrackingMode.URL)) {
            log("warning: URL session tracking is not supported by lsbaws; sessions are tracked by cookie only");
        }
    }

    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        return Set.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        return Set.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public void addListener(String className) {
        checkNotInitialized();
        try {
            addListener(loadClass(className, EventListener.class));
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public <T extends EventListener> void addListener(T listener) {
        checkNotInitialized();
        boolean known = false;
        if (listener instanceof ServletContextListener l) {
            contextListeners.add(l);
            known = true;
        }
        if (listener instanceof ServletContextAttributeListener l) {
            contextAttributeListeners.add(l);
            known = true;
        }
        if (listener instanceof ServletRequestListener l) {
            requestListeners.add(l);
            known = true;
        }
        if (listener instanceof ServletRequestAttributeListener l) {
            requestAttributeListeners.add(l);
            known = true;
        }
        if (listener instanceof HttpSessionListener || listener instanceof HttpSessionAttributeListener
                || listener instanceof HttpSessionIdListener) {
            sessions.addListener(listener);
            known = true;
        }
        if (!known) {
            throw new IllegalArgumentException(listener.getClass().getName() + " is not a listener type a ServletContext accepts");
        }
    }

    @Override
    public void addListener(Class<? extends EventListener> listenerClass) {
        checkNotInitialized();
        try {
            addListener(createListener(listenerClass));
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> type) throws ServletException {
        return instantiate(type);
    }

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        return null;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public void declareRoles(String... roleNames) {
        checkNotInitialized();
    }

    @Override
    public String getVirtualServerName() {
        return "lsbaws";
    }

    @Override
    public int getSessionTimeout() {
        return sessions.defaultTimeoutMinutes();
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        checkNotInitialized();
        sessions.setDefaultTimeoutMinutes(sessionTimeout);
    }

    @Override
    public String getRequestCharacterEncoding() {
        return requestCharacterEncoding;
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        checkNotInitialized();
        this.requestCharacterEncoding = encoding == null ? null : Charset.forName(encoding).name();
    }

    @Override
    public String getResponseCharacterEncoding() {
        return responseCharacterEncoding;
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        checkNotInitialized();
        this.responseCharacterEncoding = encoding == null ? null : Charset.forName(encoding).name();
    }

}
