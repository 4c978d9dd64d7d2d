package io.github.lsbaws.supervisor;

/**
 * A reload asked for on the supervisor's standard input, as a line "reload" with what the build
 * knows of it: when the change was saved and what compiling it took, so that the log can say
 * how long the change took to be served.
 *
 * @param requestedMillis when the request arrived (epoch milliseconds)
 * @param savedMillis when the change was saved, or 0 if unknown (a reload asked for by hand)
 * @param compiledFiles how many source files were compiled for it
 * @param compileMillis how long compiling them took
 */
public record ReloadRequest(long requestedMillis, long savedMillis, int compiledFiles, long compileMillis) {
    static final String COMMAND = "reload";

    /** A reload of changes saved at savedMillis, for which compiledFiles were compiled in compileMillis. */
    public static ReloadRequest ofChange(long savedMillis, int compiledFiles, long compileMillis) {
        return new ReloadRequest(System.currentTimeMillis(), savedMillis, compiledFiles, compileMillis);
    }

    /** The line that asks the supervisor for this reload. */
    public String toCommand() {
        return COMMAND + " saved=" + savedMillis + " compiled=" + compiledFiles + " compileMillis=" + compileMillis;
    }

    /** Parses a command line; unknown or malformed fields are left out. */
    static ReloadRequest parse(String line) {
        long saved = 0;
        int compiled = 0;
        long compileMillis = 0;
        for (String field : line.split(" ")) {
            int equals = field.indexOf('=');
            if (equals < 0) {
                continue;
            }
            try {
                long value = Long.parseLong(field.substring(equals + 1));
                switch (field.substring(0, equals)) {
                    case "saved" -> saved = value;
                    case "compiled" -> compiled = (int) value;
                    case "compileMillis" -> compileMillis = value;
                    default -> { }
                }
            } catch (NumberFormatException e) {
                // a field of another version of the plugin: ignored
            }
        }
        return new ReloadRequest(System.currentTimeMillis(), saved, compiled, compileMillis);
    }

    /**
     * "Reloaded in 640 ms (generation 3: compiled 2 files in 180 ms, started in 420 ms", the
     * time counted from the save when known, else from the request; the caller closes it.
     */
    String describe(int generation, long startedMillis, long nowMillis) {
        long since = savedMillis > 0 ? savedMillis : requestedMillis;
        String compiled = compiledFiles == 0 ? ""
                : "compiled " + compiledFiles + (compiledFiles == 1 ? " file" : " files") + " in " + compileMillis + " ms, ";
        return "Reloaded in " + Math.max(0, nowMillis - since) + " ms (generation " + generation + ": " + compiled
                + "started in " + startedMillis + " ms";
    }
}
