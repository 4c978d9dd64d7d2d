package io.github.lsbaws.servlet.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a WEB-INF/web.xml declares, as far as lsbaws uses it. */
public final class WebXml {
    public record Multipart(String location, long maxFileSize, long maxRequestSize, int fileSizeThreshold) {}

    public record Servlet(String name, String className, String jspFile, Map<String, String> initParameters,
                          Integer loadOnStartup, Boolean asyncSupported, Multipart multipart, boolean enabled) {}

    public record Filter(String name, String className, Map<String, String> initParameters, Boolean asyncSupported) {}

    public record ServletMapping(String servletName, List<String> urlPatterns) {}

    public record FilterMapping(String filterName, List<String> urlPatterns, List<String> servletNames, List<String> dispatchers) {}

    public record ErrorPage(Integer errorCode, String exceptionType, String location) {}

    public record SessionCookie(String name, String path, String domain, Boolean httpOnly, Boolean secure, Integer maxAge,
                                Map<String, String> attributes) {}

    public String version;
    public boolean metadataComplete;
    public String displayName;
    public final Map<String, String> contextParameters = new LinkedHashMap<>();
    public final List<Servlet> servlets = new ArrayList<>();
    public final List<Filter> filters = new ArrayList<>();
    public final List<String> listeners = new ArrayList<>();
    public final List<ServletMapping> servletMappings = new ArrayList<>();
    public final List<FilterMapping> filterMappings = new ArrayList<>();
    /** null when the descriptor has no welcome-file-list. */
    public List<String> welcomeFiles;
    public final List<ErrorPage> errorPages = new ArrayList<>();
    public Integer sessionTimeout;
    public SessionCookie sessionCookie;
    public final Map<String, String> mimeMappings = new LinkedHashMap<>();
    public String requestCharacterEncoding;
    public String responseCharacterEncoding;
    public boolean securityConstraints;
    public boolean loginConfig;
    public boolean distributable;
}
