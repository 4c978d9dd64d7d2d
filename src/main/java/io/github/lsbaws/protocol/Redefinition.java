package io.github.lsbaws.protocol;

import java.util.Arrays;
import java.util.List;

/**
 * The supervisor's request that its serving generation redefine classes whose method bodies
 * changed, and the generation's answers. The request goes through the generation's command pipe
 * (its standard input, which carried "go N" and stays open while the generation lives), one line
 * "redefine CLASS..."; the parent reads it in its loop, between forks. It answers on the report
 * pipe: {@link Report#REDEFINED} "classes millis", or {@link Report#REDEFINE_REFUSED} "reason".
 */
public final class Redefinition {
    public static final String COMMAND = "redefine";

    private Redefinition() {}

    /** The command line asking to redefine these classes (binary names), newline included. */
    public static String command(List<String> classNames) {
        return COMMAND + " " + String.join(" ", classNames) + "\n";
    }

    /** The class names of a command line; null when the line is not a redefinition. */
    public static List<String> classesOf(String line) {
        if (!line.startsWith(COMMAND + " ")) {
            return null;
        }
        return Arrays.stream(line.substring(COMMAND.length() + 1).split(" ")).filter(name -> !name.isEmpty()).toList();
    }

    /** The text of a {@link Report#REDEFINED} answer. */
    public static String redefined(int classes, long millis) {
        return classes + " " + millis;
    }

    /** The redefinition's time in milliseconds, from a {@link Report#REDEFINED} answer's text. */
    public static long millisOf(String redefinedText) {
        String[] fields = redefinedText.split(" ");
        try {
            return fields.length < 2 ? 0 : Long.parseLong(fields[1]);
        } catch (NumberFormatException e) {
            return 0; // another version's answer: the time is only shown
        }
    }
}
