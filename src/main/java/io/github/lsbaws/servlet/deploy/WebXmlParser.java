package io.github.lsbaws.servlet.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads a deployment descriptor with the JDK's DOM parser. Elements are matched by local name,
 * so every namespace (J2EE 1.4, Java EE 5-7, Jakarta EE 9-11) and the old DTD-based form read
 * alike; no external DTD or schema is fetched.
 */
public final class WebXmlParser {
    private WebXmlParser() {}

    public static WebXml parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    public static WebXml parse(InputStream in, String name) throws IOException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(in, name);
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new IOException(name + " is not well-formed XML: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        if (!local(root).equals("web-app")) {
            throw new IOException(name + " is not a deployment descriptor: its root element is <" + local(root) + ">, not <web-app>");
        }
        WebXml web = new WebXml();
        web.version = root.getAttribute("version").isEmpty() ? null : root.getAttribute("version");
        web.metadataComplete = Boolean.parseBoolean(root.getAttribute("metadata-complete").strip());
        for (Element element : children(root)) {
            switch (local(element)) {
                case "display-name" -> web.displayName = text(element);
                case "distributable" -> web.distributable = true;
                case "context-param" -> web.contextParameters.put(childText(element, "param-name"), childText(element, "param-value"));
                case "servlet" -> web.servlets.add(servlet(element));
                case "filter" -> web.filters.add(new WebXml.Filter(childText(element, "filter-name"),
                        childText(element, "filter-class"), initParameters(element), bool(childText(element, "async-supported"))));
                case "listener" -> web.listeners.add(childText(element, "listener-class"));
                case "servlet-mapping" -> web.servletMappings.add(new WebXml.ServletMapping(childText(element, "servlet-name"),
                        childTexts(element, "url-pattern")));
                case "filter-mapping" -> web.filterMappings.add(new WebXml.FilterMapping(childText(element, "filter-name"),
                        childTexts(element, "url-pattern"), childTexts(element, "servlet-name"), childTexts(element, "dispatcher")));
                case "welcome-file-list" -> {
                    if (web.welcomeFiles == null) {
                        web.welcomeFiles = new ArrayList<>();
                    }
                    web.welcomeFiles.addAll(childTexts(element, "welcome-file"));
                }
                case "error-page" -> {
                    String code = childText(element, "error-code");
                    web.errorPages.add(new WebXml.ErrorPage(code == null ? null : Integer.valueOf(code.strip()),
                            childText(element, "exception-type"), childText(element, "location")));
                }
                case "session-config" -> sessionConfig(element, web);
                case "mime-mapping" -> web.mimeMappings.put(childText(element, "extension"), childText(element, "mime-type"));
                case "request-character-encoding" -> web.requestCharacterEncoding = text(element);
                case "response-character-encoding" -> web.responseCharacterEncoding = text(element);
                case "security-constraint" -> web.securityConstraints = true;
                case "login-config" -> web.loginConfig = true;
                default -> { } // descriptions, icons, JNDI references, locale mappings, jsp-config: nothing for lsbaws to do
            }
        }
        return web;
    }

    private static WebXml.Servlet servlet(Element element) {
        String loadOnStartup = childText(element, "load-on-startup");
        Integer load = null;
        if (loadOnStartup != null) {
            try {
                load = loadOnStartup.isEmpty() ? 0 : Integer.valueOf(loadOnStartup);
            } catch (NumberFormatException e) {
                load = 0;
            }
        }
        WebXml.Multipart multipart = null;
        Element config = child(element, "multipart-config");
        if (config != null) {
            multipart = new WebXml.Multipart(childText(config, "location"), number(childText(config, "max-file-size"), -1),
                    number(childText(config, "max-request-size"), -1), (int) number(childText(config, "file-size-threshold"), 0));
        }
        String enabled = childText(element, "enabled");
        return new WebXml.Servlet(childText(element, "servlet-name"), childText(element, "servlet-class"),
                childText(element, "jsp-file"), initParameters(element), load, bool(childText(element, "async-supported")),
                multipart, enabled == null || Boolean.parseBoolean(enabled));
    }

    private static void sessionConfig(Element element, WebXml web) {
        String timeout = childText(element, "session-timeout");
        if (timeout != null && !timeout.isEmpty()) {
            web.sessionTimeout = Integer.valueOf(timeout);
        }
        Element cookie = child(element, "cookie-config");
        if (cookie != null) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (Element attribute : children(cookie)) {
                if (local(attribute).equals("attribute")) {
                    attributes.put(childText(attribute, "attribute-name"), childText(attribute, "attribute-value"));
                }
            }
            String maxAge = childText(cookie, "max-age");
            web.sessionCookie = new WebXml.SessionCookie(childText(cookie, "name"), childText(cookie, "path"),
                    childText(cookie, "domain"), bool(childText(cookie, "http-only")), bool(childText(cookie, "secure")),
                    maxAge == null ? null : Integer.valueOf(maxAge), attributes);
        }
    }

    private static Map<String, String> initParameters(Element element) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Element child : children(element)) {
            if (local(child).equals("init-param")) {
                parameters.put(childText(child, "param-name"), childText(child, "param-value"));
            }
        }
        return parameters;
    }

    private static long number(String text, long otherwise) {
        return text == null || text.isEmpty() ? otherwise : Long.parseLong(text);
    }

    private static Boolean bool(String text) {
        return text == null ? null : Boolean.valueOf(text);
    }

    private static String local(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Element child(Element parent, String name) {
        for (Element element : children(parent)) {
            if (local(element).equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element element) {
        return element.getTextContent().strip();
    }

    private static String childText(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : text(element);
    }

    private static List<String> childTexts(Element parent, String name) {
        List<String> texts = new ArrayList<>();
        for (Element element : children(parent)) {
            if (local(element).equals(name)) {
                texts.add(text(element));
            }
        }
        return texts;
    }
}
