package io.github.lsbaws.protocol;

/**
 * The line the supervisor writes on its standard error once its first generation serves. In
 * {@code serve} the Maven JVM does not read the server's standard output (it is the terminal's),
 * so this is how it learns that the start is over and that work which would slow the first
 * deployment down (javac's warm-up) may begin. The launcher keeps it out of the output it shows.
 */
public final class ServingLine {
    public static final String LINE = "lsbaws:serving";

    private ServingLine() {}
}
