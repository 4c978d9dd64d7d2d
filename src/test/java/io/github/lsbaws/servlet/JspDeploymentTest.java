package io.github.lsbaws.servlet;

import static io.github.lsbaws.servlet.ServletFixture.body;
import static io.github.lsbaws.servlet.ServletFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jasper deployed in this JVM (the engine is on the test class path): welcome pages, tag directories, the scratch directory. */
class JspDeploymentTest {
    @TempDir
    Path state;

    @Test
    void aWelcomeJspIsRunNotServedAsSource() throws Exception {
        try (ServletFixture web = ServletFixture.deploy("jsp", "", state)) {
            String response = web.get("/?word=hi");
            assertEquals(200, status(response), response);
            assertEquals("welcome hihi", body(response).strip(), response);
            assertEquals("plain", body(web.get("/docs/")).strip(), "a static welcome file is still served as a file");
            assertEquals(404, status(web.get("/WEB-INF/tags/twice.tag")));
        }
    }

    @Test
    void withoutTheEngineAJspRequestSaysWhyAndWhatToDo() throws Exception {
        // what a server started for a web application that had no JSP file at start answers
        try (ServletFixture web = ServletFixture.withServlets(state, java.util.Map.of("*.jsp", new JspServlet()))) {
            String response = web.get("/added-later.jsp");
            assertEquals(501, status(response), response);
            assertTrue(body(response).contains("which lsbaws loads only for a web application whose webapp directory held"
                    + " a JSP or tag file when the server started: restart lsbaws:serve"), response);
        }
    }

    @Test
    void pagesAreCompiledAtDeploymentIntoTheScratchDirectory() throws Exception {
        try (ServletFixture web = ServletFixture.deploy("jsp", "", state)) {
            try (Stream<Path> files = Files.walk(state.resolve("jsp"))) {
                assertTrue(files.anyMatch(file -> file.getFileName().toString().equals("index_jsp.class")),
                        "index.jsp compiled before any request, under " + state.resolve("jsp"));
            }
            assertEquals(200, status(web.get("/index.jsp?word=x")));
        }
    }

    @Test
    void aPageThatDoesNotCompileIsAnswered500WithItsFileAndLineOnEveryRequestAndEveryStart() throws Exception {
        // the second deployment finds the first one's scratch directory, as the next server does
        for (int start = 1; start <= 2; start++) {
            try (ServletFixture web = ServletFixture.deploy("jsp", "", state)) {
                for (int request = 1; request <= 2; request++) {
                    String response = web.get("/broken.jsp");
                    assertEquals(500, status(response), response);
                    assertTrue(body(response).contains("/broken.jsp (line: [3]"),
                            "start " + start + ", request " + request + ": " + response);
                }
                assertEquals(200, status(web.get("/index.jsp?word=x")), "the other pages serve on");
            }
        }
    }
}
