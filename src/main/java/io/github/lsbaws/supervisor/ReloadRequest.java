package io.github.lsbaws.supervisor;

import java.util.Arrays;
import java.util.List;

/**
 * A reload asked for on the supervisor's standard input, as a line "reload" with what the build
 * knows of it: when the change was saved and what compiling it took, so that the log can say
 * how long the change took to be served; and, when the change only edited method bodies, the
 * classes the serving generation can redefine instead of being replaced.
 *
 * @param requestedMillis when the request arrived (epoch milliseconds)
 * @param savedMillis when the change was saved, or 0 if unknown (a reload asked for by hand)
 * @param seenMillis when the build first saw the change (its first file event), or 0 if unknown
 * @param compiledFiles how many source files were compiled for it
 * @param compileMillis how long compiling them took
 * @param redefinable the classes (binary names) whose method bodies alone changed, when nothing
 *     else did; empty: a new generation
 */
public record ReloadRequest(long requestedMillis, long savedMillis, long seenMillis, int compiledFiles, long compileMillis,
                            List<String> redefinable) {
    static final String COMMAND = "reload";
    private static final String REDEFINE = "redefine=";

    public ReloadRequest {
        redefinable = List.copyOf(redefinable);
    }

    /** A reload of changes saved at savedMillis, for which compiledFiles were compiled in compileMillis: a new generation. */
    public static ReloadRequest ofChange(long savedMillis, int compiledFiles, long compileMillis) {
        return ofChange(savedMillis, compiledFiles, compileMillis, List.of());
    }

    /** The same, with the classes that only their method bodies changed (none: a new generation). */
    public static ReloadRequest ofChange(long savedMillis, int compiledFiles, long compileMillis, List<String> redefinable) {
        return new ReloadRequest(System.currentTimeMillis(), savedMillis, 0, compiledFiles, compileMillis, redefinable);
    }

    /** This request, the change first seen by the build at seenMillis (epoch milliseconds). */
    public ReloadRequest seenAt(long seenMillis) {
        return new ReloadRequest(requestedMillis, savedMillis, seenMillis, compiledFiles, compileMillis, redefinable);
    }

    /** Whether the serving generation may take the change by redefining classes. */
    public boolean redefines() {
        return !redefinable.isEmpty();
    }

    /** The line that asks the supervisor for this reload. */
    public String toCommand() {
        return COMMAND + " saved=" + savedMillis + " seen=" + seenMillis + " compiled=" + compiledFiles + " compileMillis=" + compileMillis
                + (redefinable.isEmpty() ? "" : " " + REDEFINE + String.join(",", redefinable));
    }

    /** Parses a command line; unknown or malformed fields are left out. */
    static ReloadRequest parse(String line) {
        long saved = 0;
        long seen = 0;
        int compiled = 0;
        long compileMillis = 0;
        List<String> redefinable = List.of();
        for (String field : line.split(" ")) {
            int equals = field.indexOf('=');
            if (equals < 0) {
                continue;
            }
            if (field.startsWith(REDEFINE)) {
                redefinable = Arrays.stream(field.substring(REDEFINE.length()).split(",")).filter(name -> !name.isEmpty()).toList();
                continue;
            }
            try {
                long value = Long.parseLong(field.substring(equals + 1));
                switch (field.substring(0, equals)) {
                    case "saved" -> saved = value;
                    case "seen" -> seen = value;
                    case "compiled" -> compiled = (int) value;
                    case "compileMillis" -> compileMillis = value;
                    default -> { }
                }
            } catch (NumberFormatException e) {
                // a field of another version of the plugin: ignored
            }
        }
        return new ReloadRequest(System.currentTimeMillis(), saved, seen, compiled, compileMillis, redefinable);
    }

    /** This request as a new generation's: what a refused redefinition falls back to. */
    ReloadRequest withoutRedefinition() {
        return new ReloadRequest(requestedMillis, savedMillis, seenMillis, compiledFiles, compileMillis, List.of());
    }

    /**
     * "Reloaded in 640 ms (generation 3: compiled 2 files in 180 ms, started in 420 ms", the
     * time counted from the save when known, else from the request; the caller closes it.
     */
    String describe(int generation, long startedMillis, long nowMillis) {
        return "Reloaded in " + sinceSaved(nowMillis) + " ms (generation " + generation + ": " + compiled()
                + "started in " + startedMillis + " ms";
    }

    /**
     * "Redefined 1 class in 195 ms (generation 3: seen after 70 ms, compiled 1 file in 60 ms, redefined in 4 ms,
     * the parent answered in 9 ms)": where the time from the save went; the rest is the hops between the
     * build, the supervisor and the parent.
     */
    String describeRedefinition(int generation, long redefineMillis, long askedMillis, long nowMillis) {
        int classes = redefinable.size();
        return "Redefined " + classes + (classes == 1 ? " class" : " classes") + " in " + sinceSaved(nowMillis)
                + " ms (generation " + generation + ": " + seen() + compiled() + "redefined in " + redefineMillis
                + " ms, the parent answered in " + Math.max(0, nowMillis - askedMillis) + " ms)";
    }

    private String seen() {
        // the save's time is the file's, read at a coarser tick: a change seen "before" it was seen at once
        return savedMillis > 0 && seenMillis > 0 ? "seen after " + Math.max(0, seenMillis - savedMillis) + " ms, " : "";
    }

    private long sinceSaved(long nowMillis) {
        return Math.max(0, nowMillis - (savedMillis > 0 ? savedMillis : requestedMillis));
    }

    private String compiled() {
        return compiledFiles == 0 ? ""
                : "compiled " + compiledFiles + (compiledFiles == 1 ? " file" : " files") + " in " + compileMillis + " ms, ";
    }
}
