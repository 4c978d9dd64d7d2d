package io.github.lsbaws.reload;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.lsbaws.supervisor.ReloadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
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
    /** When set, the loop's next reload waits in the server's place until it is counted down. */
    private volatile CountDownLatch holdNextReload;
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
        loop = new DevLoop(layout, null, this::reload, new SystemStreamLog());
    }

    private boolean reload(ReloadRequest request) {
        reloads.add(request);
        CountDownLatch hold = holdNextReload;
        if (hold != null) {
            holdNextReload = null;
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    @AfterEach
    void stopLoop() throws Exception {
        loop.close();
    }

    /**
     * The classes are written while the loop is held in the reload before, as it is while the
     * server takes a reload: their events wait for it together, however far apart a loaded
     * machine spreads the writes, and the burst they make reloads once.
     */
    @Test
    void aBurstOfClassesWrittenElsewhereReloadsOnce() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        holdNextReload = hold;
        write("com/x/App.class", "app v2, longer"); // another length: a file rewritten within the clock tick keeps its time
        assertNotNull(reloads.poll(5, TimeUnit.SECONDS), "a class written elsewhere reloads");
        write("com/x/App.class", "app v3, longer still");
        write("com/x/Words.class", "words v2, longer");
        Thread.sleep(200); // the watch service's own thread passes the events on
        hold.countDown();
        assertNotNull(reloads.poll(5, TimeUnit.SECONDS), "the classes written during the reload before reload");
        assertNull(reloads.poll(1, TimeUnit.SECONDS), "one burst, one reload");
    }

    /**
     * The build writes the classes back as a package directory renamed into place, so that the
     * loop sees them all at once however slow this machine is: one reload, with every class there.
     */
    @Test
    void aBuildThatCleansItsOutputFirstReloadsOnlyOnceTheClassesAreBack() throws Exception {
        deleteTree(classes.resolve("com/x"));
        assertNull(reloads.poll(3, TimeUnit.SECONDS), "no generation is started without the classes");
        Path built = project.resolve("target/build/com/x");
        Files.createDirectories(built);
        Files.writeString(built.resolve("App.class"), "app v2");
        Files.writeString(built.resolve("Words.class"), "words v2");
        Files.move(built, classes.resolve("com/x"), StandardCopyOption.ATOMIC_MOVE);
        assertNotNull(reloads.poll(5, TimeUnit.SECONDS), "the classes written back reload");
        assertNull(reloads.poll(1, TimeUnit.SECONDS), "the classes came back at once: one reload");
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

    /**
     * A class file put in place with an old time (copied with its attributes, unpacked): the
     * reload is dated when the change was seen, so that "Reloaded in" does not count from then.
     */
    @Test
    void aChangedFileWithAnOldTimeIsDatedWhenItWasSeen() throws Exception {
        long before = System.currentTimeMillis();
        Path staged = project.resolve("App.class.old");
        Files.writeString(staged, "app v2, from an archive");
        Files.setLastModifiedTime(staged, FileTime.fromMillis(before - 3_600_000));
        Files.move(staged, classes.resolve("com/x/App.class"), StandardCopyOption.REPLACE_EXISTING);
        ReloadRequest request = reloads.poll(5, TimeUnit.SECONDS);
        assertNotNull(request, "the class reloads");
        assertTrue(request.savedMillis() >= before, "dated " + (before - request.savedMillis()) + " ms before the change");
        assertTrue(request.savedMillis() <= System.currentTimeMillis());
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
