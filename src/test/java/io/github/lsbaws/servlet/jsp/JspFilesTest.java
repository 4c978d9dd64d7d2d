package io.github.lsbaws.servlet.jsp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which web applications get the JSP engine on the server's class path, and which jars are the engine's. */
class JspFilesTest {
    @TempDir
    Path webapp;

    @Test
    void aWebappWithoutJspDoesNotNeedTheEngine() throws Exception {
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("index.html"), "<p>hi</p>");
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), "<web-app><servlet><servlet-name>a</servlet-name></servlet></web-app>");
        assertFalse(JspFiles.present(webapp));
        assertFalse(JspFiles.present(null));
        assertFalse(JspFiles.present(webapp.resolve("missing")));
    }

    @Test
    void aPageATagFileOrAJspFileServletNeedsIt() throws Exception {
        Files.createDirectories(webapp.resolve("WEB-INF/tags"));
        Files.writeString(webapp.resolve("WEB-INF/tags/card.tag"), "<%@ tag %>");
        assertTrue(JspFiles.present(webapp));
        Files.delete(webapp.resolve("WEB-INF/tags/card.tag"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), "<web-app><servlet><jsp-file>/a.jsp</jsp-file></servlet></web-app>");
        assertTrue(JspFiles.present(webapp));
        Files.delete(webapp.resolve("WEB-INF/web.xml"));
        Files.writeString(webapp.resolve("Index.JSP"), "hello");
        assertTrue(JspFiles.present(webapp));
    }

    @Test
    void theEngineIsJasperWithItsApisAndCompiler() {
        assertTrue(JspFiles.isEngineLibrary("org.mortbay.jasper"));
        assertTrue(JspFiles.isEngineLibrary("org.eclipse.jdt"));
        assertFalse(JspFiles.isEngineLibrary("jakarta.servlet"));
        assertTrue(JspFiles.isEngineJar("/m2/org/mortbay/jasper/mortbay-apache-jsp/11.0.10.1/mortbay-apache-jsp-11.0.10.1.jar"));
        assertTrue(JspFiles.isEngineJar("/m2/jakarta/servlet/jsp/jakarta.servlet.jsp-api/4.0.0/jakarta.servlet.jsp-api-4.0.0.jar"));
        assertFalse(JspFiles.isEngineJar("/m2/jakarta/servlet/jakarta.servlet-api/6.1.0/jakarta.servlet-api-6.1.0.jar"));
        assertTrue(JspFiles.engineAvailable(), "the engine is on the test class path");
    }
}
