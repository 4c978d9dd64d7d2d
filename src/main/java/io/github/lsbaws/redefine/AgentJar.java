package io.github.lsbaws.redefine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The agent jar a reloading server JVM is started with: a manifest and nothing else. Its
 * Premain-Class ({@link Agent}) is found on the server's class path, whether the server runs
 * from the plugin's jar or from a classes directory, so one jar written at run time serves both.
 */
public final class AgentJar {
    static final String FILE_NAME = "lsbaws-redefine-agent.jar";

    private AgentJar() {}

    /** Writes the jar into directory (replacing one there) and returns the JVM option that loads it. */
    public static String javaAgentOption(Path directory) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", Agent.class.getName());
        main.putValue("Can-Redefine-Classes", "true");
        Files.createDirectories(directory);
        Path jar = directory.resolve(FILE_NAME);
        Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
        try (OutputStream file = Files.newOutputStream(temporary); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.finish();
        }
        // renamed over the old one: a server JVM starting meanwhile reads a whole jar
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return "-javaagent:" + jar.toAbsolutePath();
    }
}
