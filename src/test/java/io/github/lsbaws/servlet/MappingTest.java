package io.github.lsbaws.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lsbaws.servlet.statics.Resources;
import jakarta.servlet.http.MappingMatch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping rules of Servlet 6.1 chapter 12, with the specification's own examples. */
class MappingTest {
    @TempDir
    static Path state;

    private static ServletMapper mapper(String... servletAndPatterns) {
        WebApplication app = new WebApplication("", MappingTest.class.getClassLoader(), state, new Resources(null, List.of()));
        for (String entry : servletAndPatterns) {
            String[] parts = entry.split("=", 2);
            ServletHolder holder = app.registry().newServlet(parts[0]);
            for (String pattern : parts[1].split(",", -1)) {
                holder.addOwnMapping(pattern);
            }
        }
        return new ServletMapper(app.registry().servletHolders().values());
    }

    /** Section 12.2.2's example set. */
    @ParameterizedTest
    @CsvSource({
        "/foo/bar/index.html, servlet1",
        "/foo/bar/index.bop, servlet1",
        "/baz, servlet2",
        "/baz/index.html, servlet2",
        "/catalog, servlet3",
        "/catalog/index.html, default",
        "/catalog/racecar.bop, servlet4",
        "/index.bop, servlet4",
    })
    void specificationExample(String path, String servlet) {
        ServletMapper mapper = mapper("servlet1=/foo/bar/*", "servlet2=/baz/*", "servlet3=/catalog", "servlet4=*.bop",
                "default=/");
        assertEquals(servlet, mapper.map(path).holder().getName());
    }

    /** The HttpServletMapping javadoc's table. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/ | '' | '' | CONTEXT_ROOT | '' | /",
        "/index.html | '' | / | DEFAULT | /index.html | ",
        "/MyServlet | MyServlet | /MyServlet | EXACT | /MyServlet | ",
        "/foo.extension | foo | *.extension | EXTENSION | /foo.extension | ",
        "/path/foo | foo | /path/* | PATH | /path | /foo",
        "/path | '' | /path/* | PATH | /path | ",
        "/a/b/c.extension | a/b/c | *.extension | EXTENSION | /a/b/c.extension | ",
    })
    void httpServletMapping(String path, String matchValue, String pattern, MappingMatch match, String servletPath,
                            String pathInfo) {
        ServletMapper mapper = mapper("MyServlet=/MyServlet,,*.extension,/path/*", "default=/");
        Mapping mapping = mapper.map(path);
        assertEquals(matchValue, mapping.getMatchValue(), path);
        assertEquals(pattern, mapping.getPattern(), path);
        assertEquals(match, mapping.getMappingMatch(), path);
        assertEquals(servletPath, mapping.servletPath(), path);
        assertEquals(pathInfo, mapping.pathInfo(), path);
        assertEquals(path, mapping.pathInContext());
    }

    @Test
    void longestPrefixWinsAndSlashStarTakesEverything() {
        ServletMapper mapper = mapper("all=/*", "api=/api/*", "v1=/api/v1/*", "exact=/api/v1/ping", "jsp=*.jsp");
        assertEquals("exact", mapper.map("/api/v1/ping").holder().getName());
        assertEquals("v1", mapper.map("/api/v1/pong").holder().getName());
        assertEquals("api", mapper.map("/api/v2").holder().getName());
        assertEquals("api", mapper.map("/api").holder().getName());
        assertEquals("all", mapper.map("/apiary").holder().getName());
        assertEquals("all", mapper.map("/x.jsp").holder().getName(), "a path prefix comes before an extension");
        Mapping root = mapper.map("/");
        assertEquals("", root.servletPath());
        assertEquals("/", root.pathInfo());
    }

    @Test
    void withoutADefaultServletNothingMatchesTheRest() {
        assertEquals(null, mapper("only=/only").map("/other"));
    }

    @Test
    void extensionMatchesOnlyTheLastSegment() {
        ServletMapper mapper = mapper("do=*.do", "default=/");
        assertEquals("default", mapper.map("/a.do/b").holder().getName());
        assertEquals("do", mapper.map("/a/b.do").holder().getName());
        assertEquals("default", mapper.map("/a/b.dox").holder().getName());
    }

    @ParameterizedTest
    @CsvSource({"/*, /anything, true", "/, /anything, true", "'', /, true", "'', /x, false", "/a/*, /a, true",
        "/a/*, /ab, false", "/a/*, /a/b/c, true", "*.css, /x/y.css, true", "*.css, /x.css/y, false", "/exact, /exact, true",
        "/exact, /exact/, false"})
    void filterPatterns(String pattern, String path, boolean matches) {
        assertEquals(matches, ServletMapper.filterMatches(pattern, path));
    }

    @Test
    void validPatterns() {
        for (String valid : List.of("", "/", "/*", "/a/*", "*.jsp", "/a/b", "/a.b")) {
            assertTrue(ServletMapper.isValidPattern(valid), valid);
        }
        for (String invalid : List.of("a", "/a*", "*.a/b", "/*/a", "**.x", "*.")) {
            assertFalse(ServletMapper.isValidPattern(invalid), invalid);
        }
    }
}
