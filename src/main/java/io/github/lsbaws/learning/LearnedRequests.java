package io.github.lsbaws.learning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requests an application's server learned, one per method and path, at most {@link #MAX},
 * kept in a text file under the build directory so that the next run starts warm. The
 * supervisor adds to it as children report requests; each new generation replays it. The file
 * says what it is and for which application; a file of another application is ignored.
 */
public final class LearnedRequests {
    /** The most requests kept: enough for a development server's pages, few enough to replay in a moment. */
    public static final int MAX = 100;
    private static final String HEADER = "# lsbaws: requests learned from what the children served, replayed once in each new"
            + " server parent so that children start warm.\n# GET and HEAD answered 2xx or 3xx, one per method and path;"
            + " never one with a parameter named like a secret, and only the headers that choose a representation.\n"
            + "# Delete this file to forget them; -Dlsbaws.learn=false turns learning off.\n";
    private static final String APPLICATION = "# application: ";

    private final Path file;
    private final String application;
    private final Map<String, LearnedRequest> requests = new LinkedHashMap<>();
    /** Whether the file held nothing for this application: missing, unreadable or another application's. */
    private boolean fresh = true;

    private LearnedRequests(Path file, String application) {
        this.file = file;
        this.application = application;
    }

    /** What file holds for application (nothing if it is missing, unreadable or another application's). */
    public static LearnedRequests load(Path file, String application) {
        LearnedRequests learned = new LearnedRequests(file, application);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return learned; // nothing learned yet
        }
        if (!lines.contains(APPLICATION + application)) {
            return learned;
        }
        learned.fresh = false;
        for (String line : lines) {
            LearnedRequest request = line.startsWith("#") ? null : LearnedRequest.decode(line);
            if (request != null) {
                learned.add(request);
            }
        }
        return learned;
    }

    /** Adds a request whose method and path are new, while there is room; false when it was not added. */
    public boolean add(LearnedRequest request) {
        if (requests.size() >= MAX || requests.containsKey(request.key())) {
            return false;
        }
        requests.put(request.key(), request);
        return true;
    }

    /** Forgets the request of that key (it failed or hung when replayed); false if it was not there. */
    public boolean remove(String key) {
        return requests.remove(key) != null;
    }

    /**
     * Whether nothing was ever learned or forgotten here for this application: once a request is
     * (a forgotten one included) the file says so, so a request forgotten is not taken up again.
     */
    public boolean fresh() {
        return fresh;
    }

    public Collection<LearnedRequest> all() {
        return List.copyOf(requests.values());
    }

    public Set<String> keys() {
        return Set.copyOf(requests.keySet());
    }

    public int size() {
        return requests.size();
    }

    /** Writes the file whole, through a temporary file renamed over it: a reader never sees half of it. */
    public void save() throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append(APPLICATION).append(application).append('\n');
        for (LearnedRequest request : requests.values()) {
            text.append(request.encode()).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path file() {
        return file;
    }

    /** The keys in file order, for a log line. */
    public List<String> describe() {
        return new ArrayList<>(requests.keySet());
    }
}
