package io.github.lsbaws.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnedRequestsTest {
    @TempDir
    Path directory;

    private static LearnedRequest get(String target) {
        return new LearnedRequest("GET", target, List.of(new LearnedRequest.Header("Accept", "*/*")));
    }

    @Test
    void oneRequestPerMethodAndPath() {
        LearnedRequests learned = LearnedRequests.load(directory.resolve("learned.txt"), "a.App:app");
        assertTrue(learned.add(get("/hello?name=a")));
        assertFalse(learned.add(get("/hello?name=b")), "the same path with another query is the same code");
        assertTrue(learned.add(new LearnedRequest("HEAD", "/hello", List.of())));
        assertEquals(2, learned.size());
    }

    @Test
    void boundedInNumber() {
        LearnedRequests learned = LearnedRequests.load(directory.resolve("learned.txt"), "a.App:app");
        for (int i = 0; i < LearnedRequests.MAX; i++) {
            assertTrue(learned.add(get("/page/" + i)));
        }
        assertFalse(learned.add(get("/one/more")));
        assertEquals(LearnedRequests.MAX, learned.size());
    }

    @Test
    void survivesARestartAndIsForgottenOnRequest() throws Exception {
        Path file = directory.resolve("target/lsbaws/learned.txt");
        LearnedRequests learned = LearnedRequests.load(file, "a.App:app");
        learned.add(get("/one"));
        learned.add(get("/two?x=1"));
        learned.save();
        assertTrue(Files.readString(file).startsWith("# lsbaws: requests learned"), "the file says what it is");

        LearnedRequests again = LearnedRequests.load(file, "a.App:app");
        assertEquals(List.of(get("/one"), get("/two?x=1")), List.copyOf(again.all()));
        assertTrue(again.remove("GET /one"));
        again.save();
        assertEquals(List.of(get("/two?x=1")), List.copyOf(LearnedRequests.load(file, "a.App:app").all()));
    }

    @Test
    void anotherApplicationsRequestsAreIgnored() throws Exception {
        Path file = directory.resolve("learned.txt");
        LearnedRequests learned = LearnedRequests.load(file, "a.App:app");
        learned.add(get("/one"));
        learned.save();
        assertEquals(0, LearnedRequests.load(file, "b.Other:app").size());
    }
}
