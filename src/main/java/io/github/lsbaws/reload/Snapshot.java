package io.github.lsbaws.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The regular files under some roots, each with its size and modification time: comparing two
 * snapshots says what changed, however an editor saved (in place, or through a temporary file
 * renamed over the old one). Editors' temporary and backup files are left out.
 */
final class Snapshot {
    /** A file's state: a change of either means the file changed. */
    record FileState(long size, long modifiedMillis) {}

    /** What changed between two snapshots; modified holds the added files too. */
    record Changes(List<Path> modified, List<Path> removed) {
        boolean isEmpty() {
            return modified.isEmpty() && removed.isEmpty();
        }

        /** When the latest of the modified files was saved (epoch milliseconds), or 0. */
        long lastSavedMillis(Snapshot after) {
            long last = 0;
            for (Path file : modified) {
                FileState state = after.files.get(file);
                if (state != null) {
                    last = Math.max(last, state.modifiedMillis());
                }
            }
            return last;
        }
    }

    private final Map<Path, FileState> files;

    private Snapshot(Map<Path, FileState> files) {
        this.files = files;
    }

    static Snapshot empty() {
        return new Snapshot(Map.of());
    }

    /** The files under the roots now (a root that is a file is taken as itself; one that is missing as empty). */
    static Snapshot of(Collection<Path> roots) {
        Map<Path, FileState> files = new HashMap<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                add(files, root);
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(file -> !isEditorTemporary(file)).forEach(file -> add(files, file));
                } catch (IOException | UncheckedIOException e) {
                    // a directory removed while it was walked: the next snapshot sees what is left
                }
            }
        }
        return new Snapshot(files);
    }

    private static void add(Map<Path, FileState> files, Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                files.put(file, new FileState(attributes.size(), attributes.lastModifiedTime().toMillis()));
            }
        } catch (NoSuchFileException e) {
            // deleted while we looked
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * vim's swap and backup files, Emacs's lock and autosave files, IntelliJ's safe-write
     * temporaries, and hidden files in general: never sources, and saved far more often.
     */
    static boolean isEditorTemporary(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String text = name.toString();
        return text.startsWith(".") || text.endsWith("~") || text.endsWith(".swp") || text.endsWith(".swx")
                || text.startsWith("#") || text.contains("___jb_");
    }

    /** What changed from before to this snapshot. */
    Changes since(Snapshot before) {
        List<Path> modified = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        for (Map.Entry<Path, FileState> file : files.entrySet()) {
            if (!file.getValue().equals(before.files.get(file.getKey()))) {
                modified.add(file.getKey());
            }
        }
        for (Path file : before.files.keySet()) {
            if (!files.containsKey(file)) {
                removed.add(file);
            }
        }
        modified.sort(null);
        removed.sort(null);
        return new Changes(modified, removed);
    }

    /** The files of this snapshot. */
    Collection<Path> files() {
        return files.keySet();
    }
}
