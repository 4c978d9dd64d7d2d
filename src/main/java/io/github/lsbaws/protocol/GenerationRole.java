package io.github.lsbaws.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a server JVM learns that it is a generation rather than the supervisor: the supervisor
 * starts each generation with its own command line, less {@link #SUPERVISOR_FLAG}, followed by
 * these arguments, naming the descriptors it inherits. Which generation it is comes later, with
 * the word to start ({@link #activation}) on its standard input.
 *
 * @param listenFd the listening socket, bound by the supervisor and shared by its generations
 * @param reportFd the write end of the pipe to the supervisor ({@link Report})
 * @param supervisorPid the supervisor, which must still be this process's parent
 */
public record GenerationRole(int listenFd, int reportFd, int supervisorPid) {
    public static final String OPTION = "--generation";
    /**
     * The JVM flag the goals put first in the supervisor's command line, and only there: the
     * supervisor runs interpreted from its start. It forks to start every other JVM, which a
     * running JIT would first have to be retired for; the generations deploy with the flags after it.
     */
    public static final String SUPERVISOR_FLAG = "-Xint";
    /** The supervisor's word that a standby becomes generation N: "go N". */
    public static final String GO = "go ";
    /**
     * After "go N": the generation deploys the code the serving one runs (a learned warm-up, a
     * replacement), so what its deployment prints is kept aside, shown only if it fails.
     */
    public static final String QUIET = " quiet";

    /**
     * The supervisor's word that a standby deploys the application as it is now, against scratch
     * databases, and undeploys it before it waits for "go N": a rehearsal of the next deployment.
     */
    public static final String AHEAD = "ahead";

    /** A generation's command line: the supervisor's, without the flag that is the supervisor's alone. */
    public static List<byte[]> generationCommand(List<byte[]> supervisorCommand) {
        List<byte[]> command = new ArrayList<>(supervisorCommand);
        if (command.size() > 1 && new String(command.get(1), StandardCharsets.UTF_8).equals(SUPERVISOR_FLAG)) {
            command.remove(1);
        }
        return command;
    }

    /** The arguments that make a server JVM a generation. */
    public List<String> toArguments() {
        return List.of(OPTION, listenFd + "," + reportFd + "," + supervisorPid);
    }

    /** The line on a waiting generation's standard input that makes it generation number, its deployment quiet or not. */
    public static String activation(int number, boolean quiet) {
        return GO + number + (quiet ? QUIET : "") + "\n";
    }

    /** The line that tells a standby to deploy ahead. */
    public static String ahead() {
        return AHEAD + "\n";
    }

    /** N of the word "go N" (a line of {@link #activation}, without its end). */
    public static int number(String word) {
        if (!word.startsWith(GO)) {
            throw new IllegalStateException("the supervisor said '" + word + "' instead of '" + GO + "N'");
        }
        String number = word.substring(GO.length());
        return Integer.parseInt((quiet(word) ? number.substring(0, number.length() - QUIET.length()) : number).strip());
    }

    /** Whether the word "go N" (a line of {@link #activation}, without its end) asks for a quiet deployment. */
    public static boolean quiet(String word) {
        return word.endsWith(QUIET);
    }

    /** The role among args (null: the supervisor), and the other arguments, for the server's options. */
    public static GenerationRole parse(String[] args, List<String> others) {
        GenerationRole role = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                String[] numbers = args[++i].split(",");
                if (numbers.length != 3) {
                    throw new IllegalArgumentException(OPTION + " needs listenFd,reportFd,supervisorPid");
                }
                role = new GenerationRole(Integer.parseInt(numbers[0]), Integer.parseInt(numbers[1]),
                        Integer.parseInt(numbers[2]));
            } else {
                others.add(args[i]);
            }
        }
        return role;
    }
}
