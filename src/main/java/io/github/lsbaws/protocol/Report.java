package io.github.lsbaws.protocol;

/**
 * What a generation and its children report to the supervisor, through a pipe the supervisor
 * made for it: a line per message, "kind pid text", each written in one write(2) of at most
 * {@link #ATOMIC_WRITE} bytes, so that the lines of a parent and of its children never
 * interleave.
 */
public final class Report {
    /** The generation is ready to accept connections; the text: how many learned requests it replayed, the application's name. */
    public static final String PREPARED = "prepared";
    /** The generation no longer accepts connections (it was told to retire). */
    public static final String STOPPED_ACCEPTING = "stopped-accepting";
    /** A child served a request the generation did not know; the text is the request, encoded ({@code LearnedRequest}). */
    public static final String LEARNED = "learned";
    /**
     * A generation with nothing learned takes its application's first page as learned (the
     * text: the request, encoded), replays it like one, and the supervisor keeps it as learned.
     */
    public static final String SEEDED = "seeded";
    /** The generation replays a learned request in its parent now; the text: {@link Replaying}. */
    public static final String REPLAYING = "replaying";
    /** The learned request of that key must not be replayed again (it failed or started a thread). */
    public static final String UNLEARN = "unlearn";
    /** The generation redefined the classes it was asked to ({@link Redefinition}); the text: how many, in how many ms. */
    public static final String REDEFINED = "redefined";
    /** The generation could not redefine them; the text: why, on one line. The classes it runs are unchanged. */
    public static final String REDEFINE_REFUSED = "redefine-refused";
    /** Linux's PIPE_BUF: writes up to this size are atomic. */
    public static final int ATOMIC_WRITE = 4096;

    private Report() {}

    /** The line of one message, newline included. */
    public static String line(String kind, int pid, String text) {
        return kind + " " + pid + " " + text + "\n";
    }

    /** A REPLAYING message's text: the replaying thread's id (the supervisor discounts its waits for a processor) and the request's key. */
    public record Replaying(int tid, String key) {
        public String text() {
            return tid + " " + key;
        }

        /** Parses "tid key"; a text without a thread id is all key (tid 0: its waits are not known). */
        public static Replaying parse(String text) {
            int space = text.indexOf(' ');
            try {
                return new Replaying(Integer.parseInt(text.substring(0, space)), text.substring(space + 1));
            } catch (RuntimeException e) {
                return new Replaying(0, text);
            }
        }
    }

    /** A line the supervisor read. */
    public record Message(String kind, int pid, String text) {
        /** Parses "kind pid text"; null for a line that is not a message. */
        public static Message parse(String line) {
            int first = line.indexOf(' ');
            int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
            if (first < 0) {
                return null;
            }
            try {
                int pid = Integer.parseInt(second < 0 ? line.substring(first + 1) : line.substring(first + 1, second));
                return new Message(line.substring(0, first), pid, second < 0 ? "" : line.substring(second + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
