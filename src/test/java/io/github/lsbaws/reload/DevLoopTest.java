package io.github.lsbaws.reload;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.lsbaws.supervisor.ReloadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev loop over a real directory, with classes written by another tool (an IDE, mvn compile): what reloads, and when. */
class DevLoopTest {
    @TempDir
    Path project;
    private Path classes;
    private final BlockingQueue<ReloadRequest> reloads = new LinkedBlockingQueue<>();
    private DevLoop loop;

    @BeforeEach
    void startLoop() throws Exception {
        classes = project.resolve("target/classes");
        write("com/x/App.class", "app v1");
        write("com/x/Words.class", "words v1");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        ProjectLayout layout = new ProjectLayout(project, List.of(project.resolve("src/main/java")), List.of(), classes,
                null, List.of(project.resolve("pom.xml")), List.of(), List.of(classes.toString()),
                project.resolve("target/lsbaws"));
        loop = new DevLoop(layout, null, reloads::add, new SystemStreamLog());
    }

    @AfterEach
    void stopLoop() throws Exception {
        loop.close();
    }

    @Test
    void aBurstOfClassesWrittenElsewhereReloadsOnce() throws Exception {
        // Another length: a file rewritten within the file system's clock tick keeps its time.
        write("com/x/App.class", "app v2, longer");
        write("com/x/Words.class", "words v2, longer");
        assertNotNull(reloads.poll(5, TimeUnit.SECONDS), "the new classes reload");
        assertNull(reloads.poll(1, TimeUnit.SECONDS), "one burst, one reload");
    }

    @Test
    void aBuildThatCleansItsOutputFirstReloadsOnlyOnceTheClassesAreBack() throws Exception {
        Files.delete(classes.resolve("com/x/App.class"));
        Files.delete(classes.resolve("com/x/Words.class"));
        assertNull(reloads.poll(3, TimeUnit.SECONDS), "no generation is started without the classes");
        write("com/x/App.class", "app v2");
        write("com/x/Words.class", "words v2");
        assertNotNull(reloads.poll(5, TimeUnit.SECONDS), "the classes written back reload");
        assertNull(reloads.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void anOutputDirectoryRemovedAndMadeAgainIsWatchedAgain() throws Exception {
        deleteTree(classes);
        assertNull(reloads.poll(3, TimeUnit.SECONDS), "mvn clean alone does not reload");
        write("com/x/App.class", "app v2");
        write("com/x/Words.class", "words v2");
        assertNotNull(reloads.poll(6, TimeUnit.SECONDS), "the classes of the build after it reload");
        write("com/x/Words.class", "words v3 written later");
        assertNotNull(reloads.poll(5, TimeUnit.SECONDS), "and so do later ones: the new directory is watched");
    }

    @Test
    void classesRemovedForGoodReloadOnceTheWaitIsOver() throws Exception {
        Files.delete(classes.resolve("com/x/Words.class"));
        long removed = System.nanoTime();
        assertNotNull(reloads.poll(20, TimeUnit.SECONDS), "a class deleted for good reloads in the end");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - removed);
        assertTrue(waited >= 9_000, "it waited for a build to write the classes back first: " + waited + " ms");
    }

    private void write(String relative, String content) throws Exception {
        Path file = classes.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
