package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The jar and zip files the parent has open for reading (its class loaders' JarFiles), which a
 * child reopens under the same descriptor numbers before it serves. A JarFile reads an entry by
 * seeking then reading, and after a fork the parent and every child share each descriptor's
 * file position: children loading classes or resources from one jar at the same time read at
 * each other's positions (ZipException "invalid stored block lengths", a class that fails to
 * load). Reopened, each child reads through a position of its own.
 */
final class SharedJars {
    static final SharedJars NONE = new SharedJars(new int[0], new String[0]);

    private final int[] fds;
    private final String[] paths;

    private SharedJars(int[] fds, String[] paths) {
        this.fds = fds;
        this.paths = paths;
    }

    /** The process's read-only descriptors of .jar, .war and .zip files, from /proc/self/fd. */
    static SharedJars find() throws IOException {
        List<Integer> fds = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : entries) {
                int fd = Integer.parseInt(entry.getFileName().toString());
                Path target;
                try {
                    target = Files.readSymbolicLink(entry);
                } catch (IOException e) {
                    continue; // the directory stream's own descriptor, gone by now
                }
                String name = target.toString();
                if (fd > 2 && target.isAbsolute() && (name.endsWith(".jar") || name.endsWith(".war") || name.endsWith(".zip"))
                        && Files.isRegularFile(target) && readOnly(fd)) {
                    fds.add(fd);
                    paths.add(name);
                }
            }
        }
        int[] fdArray = new int[fds.size()];
        for (int i = 0; i < fdArray.length; i++) {
            fdArray[i] = fds.get(i);
        }
        return new SharedJars(fdArray, paths.toArray(new String[0]));
    }

    /** Whether /proc/self/fdinfo says the descriptor was opened O_RDONLY. */
    private static boolean readOnly(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring(6).strip(), 8) & 3) == 0;
            }
        }
        return false;
    }

    int count() {
        return fds.length;
    }

    /** Gives each descriptor a file description of this process's own. */
    void reopen() {
        for (int i = 0; i < fds.length; i++) {
            Posix.reopenAs(fds[i], paths[i]);
        }
    }
}
