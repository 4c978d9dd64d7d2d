package io.github.lsbaws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lsbaws.testapps.JarApps;
import io.github.lsbaws.testing.RawHttp;
import io.github.lsbaws.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children read the application's jars, which the parent opened, at the same time: each must
 * read through a file description of its own. A JarFile reads by seek then read, and a
 * description shared by fork shares its offset, so concurrent children read each other's
 * positions (ZipException "invalid stored block lengths", classes that fail to load).
 */
class SharedJarTest {
    @TempDir
    Path temp;

    @Test
    void concurrentChildrenReadTheApplicationsJarCorrectly() throws Exception {
        Path jar = temp.resolve("resources.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (int i = 0; i < JarApps.RESOURCES; i++) {
                out.putNextEntry(new JarEntry("r/" + i));
                out.write(JarApps.content(i));
                out.closeEntry();
            }
        }
        try (TestServer server = TestServer.start("io.github.lsbaws.testapps.JarApps:resources",
                options -> options.withAppClasspath(List.of(jar.toString())).withWarmup(List.of("/")))) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    answers.add(clients.submit(() -> RawHttp.body(RawHttp.exchange(server.port(),
                            "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))));
                }
                List<String> wrong = new ArrayList<>();
                for (Future<String> answer : answers) {
                    if (!answer.get().equals("ok")) {
                        wrong.add(answer.get());
                    }
                }
                assertEquals(List.of(), wrong);
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
