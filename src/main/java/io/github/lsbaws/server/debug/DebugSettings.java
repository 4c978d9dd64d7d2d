package io.github.lsbaws.server.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which requests are served under a debugger, and where the debugger listens: the server JVM's
 * system properties {@code lsbaws.debug} (the address, {@code localhost:5005} when only switched
 * on), {@code lsbaws.debug.path} (path patterns, {@code *} matching any characters) and
 * {@code lsbaws.debug.startup}; a reload's generation has the same command line, so debugging
 * stays on.
 *
 * <p>Without a path pattern every request is chosen; with one, the requests whose path matches.
 * The header {@code X-Debug: 1} chooses a request whatever its path, {@code X-Debug: 0} leaves
 * it out whatever its path.
 */
public record DebugSettings(String host, int port, List<Pattern> paths, boolean startup) {
    public static final String ADDRESS = "lsbaws.debug";
    public static final String PATHS = "lsbaws.debug.path";
    public static final String STARTUP = "lsbaws.debug.startup";
    public static final String HEADER = "X-Debug";
    static final String DEFAULT_HOST = "localhost";
    static final int DEFAULT_PORT = 5005;

    public DebugSettings {
        paths = List.copyOf(paths);
    }

    /** The settings of this JVM, or null when debugging is off. */
    public static DebugSettings fromSystemProperties() {
        String address = System.getProperty(ADDRESS);
        if (address == null || address.equals("false")) {
            return null;
        }
        return parse(address, System.getProperty(PATHS), Boolean.parseBoolean(System.getProperty(STARTUP)));
    }

    /**
     * @param address "HOST:PORT", "PORT", or "" or "true" for the default
     * @param patterns comma-separated path patterns, or null or blank for every request
     */
    public static DebugSettings parse(String address, String patterns, boolean startup) {
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        String given = address.strip();
        if (!given.isEmpty() && !given.equals("true")) {
            int colon = given.lastIndexOf(':');
            if (colon >= 0) {
                host = given.substring(0, colon).replace("[", "").replace("]", "");
            }
            String digits = given.substring(colon + 1);
            try {
                port = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535 || host.isEmpty()) {
                throw new IllegalArgumentException(ADDRESS + "=" + address + " is not an address where a debugger listens:"
                        + " give HOST:PORT (" + DEFAULT_HOST + ":" + DEFAULT_PORT + " when only -D" + ADDRESS + " is set)");
            }
        }
        List<Pattern> compiled = new ArrayList<>();
        if (patterns != null) {
            for (String pattern : patterns.split(",")) {
                String glob = pattern.strip();
                if (glob.isEmpty()) {
                    continue;
                }
                if (!glob.startsWith("/")) {
                    throw new IllegalArgumentException(PATHS + ": '" + glob + "' is not a path pattern like /owners/*");
                }
                compiled.add(Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q")));
            }
        }
        return new DebugSettings(host, port, compiled, startup);
    }

    /** Whether a request to path (without its query) with this X-Debug field (or null) is served under the debugger. */
    public boolean chooses(String path, String debugField) {
        if (debugField != null) {
            String value = debugField.strip().toLowerCase(Locale.ROOT);
            if (value.equals("1") || value.equals("true")) {
                return true;
            }
            if (value.equals("0") || value.equals("false")) {
                return false;
            }
        }
        if (paths.isEmpty()) {
            return true;
        }
        for (Pattern pattern : paths) {
            if (pattern.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The line that tells how to connect a debugger. */
    public String banner() {
        return "Debugging: requests " + (paths.isEmpty() ? "(all of them)" : "to " + System.getProperty(PATHS))
                + " and those with '" + HEADER + ": 1' are served under the debugger listening at " + address()
                + " (an IDE's remote debugging in listen mode, restarting after each session; or: " + jdbCommand() + ")";
    }

    /** The JDK's debugger, listening here. */
    public String jdbCommand() {
        return host.equals(DEFAULT_HOST) ? "jdb -listen " + port
                : "jdb -connect com.sun.jdi.SocketListen:localAddress=" + host + ",port=" + port;
    }

    /** "host:port", as the JDWP agent and the IDEs take it. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The server JVM's options that carry these settings from the Maven goals; none when address is null. */
    public static List<String> jvmOptions(String address, String patterns, boolean startup) {
        if (address == null || address.equals("false")) {
            return List.of();
        }
        parse(address, patterns, startup); // a mistake is reported by the goal, not by a server JVM that exits
        List<String> options = new ArrayList<>();
        options.add("-D" + ADDRESS + "=" + address.strip());
        if (patterns != null && !patterns.isBlank()) {
            options.add("-D" + PATHS + "=" + patterns.strip());
        }
        if (startup) {
            options.add("-D" + STARTUP + "=true");
        }
        return options;
    }
}
