package io.github.lsbaws.servlet;

import static io.github.lsbaws.servlet.ServletFixture.body;
import static io.github.lsbaws.servlet.ServletFixture.header;
import static io.github.lsbaws.servlet.ServletFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request and response contract, dispatch, filters and error pages, on the basic web application served in-process. */
class ServletContainerTest {
    @TempDir
    Path state;
    ServletFixture web;

    @BeforeEach
    void deploy() throws Exception {
        web = ServletFixture.deploy("basic", "", state);
    }

    @AfterEach
    void destroy() {
        web.close();
    }

    @Test
    void pathsAndMappingOfAPrefixMatch() throws Exception {
        String response = web.get("/echo/a%20b/c?x=1&y=%C3%A9&x=2");
        assertEquals(200, status(response), response);
        String body = body(response);
        assertTrue(body.contains("requestURI=/echo/a%20b/c\n"), body);
        assertTrue(body.contains("servletPath=/echo\n"), body);
        assertTrue(body.contains("pathInfo=/a b/c\n"), body);
        assertTrue(body.contains("query=x=1&y=%C3%A9&x=2\n"), body);
        assertTrue(body.contains("mapping=PATH 'a b/c' /echo/* echo\n"), body);
        assertTrue(body.contains("parameters={x=1|2, y=é}"), body);
        assertTrue(body.contains("requestURL=http://localhost:8888/echo/a%20b/c\n"), body);
        assertTrue(body.contains("trace=b:REQUEST,a:REQUEST") || body.contains("trace=a:REQUEST,b:REQUEST"), body);
        // url-pattern mappings first, then servlet-name ones (section 6.2.4)
        assertTrue(body.contains("trace=a:REQUEST,b:REQUEST"), body);
        assertEquals("text/plain;charset=utf-8", header(response, "Content-Type"));
        assertEquals(Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                header(response, "Content-Length"));
    }

    @Test
    void exactAndExtensionMatches() throws Exception {
        String exact = body(web.get("/exact"));
        assertTrue(exact.contains("servletPath=/exact\npathInfo=null\n"), exact);
        assertTrue(exact.contains("mapping=EXACT 'exact' /exact echo"), exact);
        String extension = body(web.get("/a/b/page.do"));
        assertTrue(extension.contains("servletPath=/a/b/page.do\npathInfo=null\n"), extension);
        assertTrue(extension.contains("mapping=EXTENSION 'a/b/page' *.do echo"), extension);
    }

    @Test
    void formParametersFollowTheQuery() throws Exception {
        String body = "x=3&name=J%C3%BCrgen+Z&empty=&flag";
        String response = web.serve("POST /echo/form?x=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded;charset=UTF-8\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(body(response).contains("parameters={empty=, flag=, name=Jürgen Z, x=1|3}"), response);
    }

    @Test
    void formBodyDefaultsToIso88591() throws Exception {
        String body = "name=J%FCrgen";
        String response = web.serve("POST /echo/form HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertTrue(body(response).contains("parameters={name=Jürgen}"), response);
    }

    @Test
    void malformedFormIsA400() throws Exception {
        String body = "name=%zz";
        String response = web.serve("POST /echo/form HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertEquals(400, status(response), response);
    }

    @Test
    void forwardReplacesPathsAndSetsForwardAttributes() throws Exception {
        String response = web.get("/dispatch?forward=/echo/target%3Fq%3D2&a=1");
        String body = body(response);
        assertEquals(200, status(response), response);
        assertFalse(body.contains("lost before the forward"), body);
        assertTrue(body.contains("type=FORWARD\n"), body);
        assertTrue(body.contains("servletPath=/echo\npathInfo=/target\n"), body);
        assertTrue(body.contains("jakarta.servlet.forward.request_uri=/dispatch\n"), body);
        assertTrue(body.contains("jakarta.servlet.forward.servlet_path=/dispatch\n"), body);
        assertTrue(body.contains("parameters={a=1, forward=/echo/target?q=2, q=2}"), body);
        assertTrue(body.contains("trace=a:REQUEST,a:FORWARD,b:FORWARD") == false, body); // b is REQUEST only
        assertTrue(body.contains("trace=a:REQUEST,a:FORWARD\n"), body);
    }

    @Test
    void forwardWithAQueryMergesItsParametersFirst() throws Exception {
        String response = web.get("/dispatch?forward=%2Fecho%2Fx%3Fa%3D2&a=1");
        assertTrue(body(response).contains("parameters={a=2|1, forward=/echo/x?a=2}"), response);
        assertTrue(body(response).contains("query=a=2\n"), response);
    }

    @Test
    void includeKeepsPathsAndIgnoresHeaders() throws Exception {
        String response = web.get("/dispatch?include=/echo/inner");
        String body = body(response);
        assertTrue(body.startsWith("before include\n"), body);
        assertTrue(body.endsWith("after include\n"), body);
        assertTrue(body.contains("type=INCLUDE\n"), body);
        assertTrue(body.contains("servletPath=/dispatch\npathInfo=null\n"), body);
        assertTrue(body.contains("jakarta.servlet.include.request_uri=/echo/inner\n"), body);
        assertTrue(body.contains("jakarta.servlet.include.servlet_path=/echo\n"), body);
        assertTrue(body.contains("jakarta.servlet.include.path_info=/inner\n"), body);
        assertTrue(body.contains("trace=a:REQUEST,a:INCLUDE\n"), body); // trace-a maps INCLUDE; trace-b is REQUEST only
        assertEquals("text/plain;charset=utf-8", header(response, "Content-Type"));
    }

    @Test
    void namedDispatcherForwardsWithoutChangingPaths() throws Exception {
        String body = body(web.get("/dispatch?named=echo"));
        assertTrue(body.contains("type=FORWARD\n"), body);
        assertTrue(body.contains("servletPath=/dispatch\n"), body);
        assertFalse(body.contains("jakarta.servlet.forward.request_uri"), body);
        assertTrue(body.contains("trace=a:REQUEST\n"), body); // named: url-pattern filters do not apply
    }

    @Test
    void sendErrorGoesThroughTheErrorPageByStatus() throws Exception {
        String response = web.get("/missing/page");
        assertEquals(404, status(response), response);
        String body = body(response);
        assertTrue(body.startsWith("error page ERROR\n"), body);
        assertTrue(body.contains("status=404\n"), body);
        assertTrue(body.contains("request_uri=/missing/page\n"), body);
        assertTrue(body.contains("servlet_name=default\n"), body);
        // trace-a maps ERROR: it runs again on the dispatch to the error page; trace-b maps the page for REQUEST only
        assertTrue(body.contains("trace=a:REQUEST,a:ERROR\n"), body);
    }

    @Test
    void exceptionGoesToTheErrorPageByType() throws Exception {
        String response = web.get("/fail?throw=state");
        assertEquals(500, status(response), response);
        assertTrue(body(response).contains("exception_type=class java.lang.IllegalStateException\n"), response);
        assertTrue(body(response).contains("message=bad state\n"), response);
    }

    @Test
    void unmatchedExceptionGetsTheDefaultErrorBody() throws Exception {
        String response = web.get("/fail?throw=io");
        assertEquals(500, status(response), response);
        assertTrue(body(response).contains("<h2>HTTP ERROR 500 Internal Server Error</h2>"), response);
        assertEquals("text/html;charset=utf-8", header(response, "Content-Type"));
    }

    @Test
    void sendErrorWithoutAPageGetsTheDefaultBodyWithTheMessage() throws Exception {
        String response = web.get("/fail?status=418&message=%3Cteapot%3E");
        assertEquals(418, status(response), response);
        assertTrue(body(response).contains("<h2>HTTP ERROR 418 &lt;teapot&gt;</h2>"), response);
        assertFalse(body(response).contains("ignored after sendError"), response);
    }

    @Test
    void anExceptionAfterTheCommitReachesTheServer() throws Exception {
        try {
            web.get("/fail?throw=committed"); // the server logs it and closes the connection (the response is cut short)
            throw new AssertionError("the exception should reach the server, which closes the connection");
        } catch (IllegalStateException e) {
            assertEquals("after commit", e.getMessage());
        }
    }

    @Test
    void aMissingJspIsNotFound() throws Exception {
        String response = web.get("/view/page.jsp");
        assertEquals(404, status(response), response);
    }

    @Test
    void asyncStartRunsInlineAndCompletes() throws Exception {
        String response = web.get("/async?mode=start");
        assertEquals(200, status(response), response);
        assertEquals("completed in start, async=true", body(response));
    }

    @Test
    void asyncDispatchRunsAfterTheServletReturns() throws Exception {
        String body = body(web.get("/async?mode=dispatch"));
        assertTrue(body.contains("type=ASYNC\n"), body);
        assertTrue(body.contains("servletPath=/echo\npathInfo=/async\n"), body);
        assertTrue(body.contains("trace=a:REQUEST,a:ASYNC\n"), body); // the async dispatch runs trace-a (ASYNC) again
        assertEquals("async dispatch back", body(web.get("/async?mode=self")));
    }

    @Test
    void asyncLeftOpenIsCompletedWithA500() throws Exception {
        String response = web.get("/async?mode=abandon");
        assertEquals(500, status(response), response);
    }

    @Test
    void headersAreCaseInsensitiveAndTyped() throws Exception {
        String response = web.serve("GET /exact HTTP/1.1\r\nHost: example.org\r\n\r\n");
        assertTrue(body(response).contains("server=example.org:80\n"), response);
        assertTrue(body(response).contains("requestURL=http://example.org/exact\n"), response);
    }

    @Test
    void contextRootWithoutSlashRedirects() throws Exception {
        try (ServletFixture shop = ServletFixture.deploy("basic", "/shop", state.resolve("shop"))) {
            String response = shop.get("/shop?x=1");
            assertEquals(302, status(response), response);
            assertEquals("/shop/?x=1", header(response, "Location"));
            String echo = body(shop.get("/shop/echo/p"));
            assertTrue(echo.contains("contextPath=/shop\nservletPath=/echo\npathInfo=/p\n"), echo);
            assertEquals(404, status(shop.get("/other")));
        }
    }

    @Test
    void ambiguousPathsAre400() throws Exception {
        for (String path : new String[] {"/echo/..%2F..%2Fetc", "/echo/%2e%2e/x", "/../x", "/echo/a%00b", "/echo/a\\b"}) {
            String response = web.get(path);
            assertEquals(400, status(response), path + " -> " + response);
        }
    }

    @Test
    void contextInitParametersAndTheDisplayName() {
        assertEquals("hello", web.app().getInitParameter("greeting"));
        assertEquals("basic", web.app().getServletContextName());
        assertEquals("text/x-lsbaws", web.app().getMimeType("note.lsb"));
        assertEquals("text/css", web.app().getMimeType("style.css"));
        assertNull(web.app().getMimeType("noextension"));
    }
}
