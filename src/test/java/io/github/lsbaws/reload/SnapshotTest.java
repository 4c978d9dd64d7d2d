package io.github.lsbaws.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
    @TempDir
    Path root;

    @Test
    void findsFilesAddedModifiedAndRemovedUnderTheRoots() throws Exception {
        Path kept = write("com/x/Kept.java", "class Kept {}");
        Path edited = write("com/x/Edited.java", "class Edited {}");
        Path gone = write("com/x/Gone.java", "class Gone {}");
        Snapshot before = Snapshot.of(List.of(root));

        Files.writeString(edited, "class Edited { int x; }");
        Files.setLastModifiedTime(edited, FileTime.fromMillis(Files.getLastModifiedTime(kept).toMillis() + 5000));
        Files.delete(gone);
        Path added = write("com/y/Added.java", "class Added {}");
        Snapshot after = Snapshot.of(List.of(root));

        Snapshot.Changes changes = after.since(before);
        assertEquals(List.of(edited, added).stream().sorted().toList(), changes.modified());
        assertEquals(List.of(gone), changes.removed());
        assertEquals(Files.getLastModifiedTime(edited).toMillis(), changes.lastSavedMillis(after));
        assertTrue(after.since(after).isEmpty());
    }

    @Test
    void aFileReplacedByRenameIsAChangeAndEditorTemporariesAreNot() throws Exception {
        Path file = write("App.java", "class App {}");
        Snapshot before = Snapshot.of(List.of(root));
        Path temporary = write("App.java___jb_tmp___", "class App { void x() {} }");
        write(".App.java.swp", "swap");
        write("App.java~", "backup");
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Snapshot.Changes changes = Snapshot.of(List.of(root)).since(before);
        assertEquals(List.of(file), changes.modified(), "the new content, whatever the way it was saved");
        assertEquals(List.of(), changes.removed());
    }

    @Test
    void aMissingRootIsEmptyAndAFileRootIsItself() throws Exception {
        Path pom = write("pom.xml", "<project/>");
        assertEquals(List.of(pom), List.copyOf(Snapshot.of(List.of(pom, root.resolve("missing"))).files()));
    }

    private Path write(String name, String text) throws Exception {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
