package io.github.lsbaws.testapps;

import io.github.lsbaws.natives.Linux;
import io.github.lsbaws.natives.Posix;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An application that dies in every way an application can, chosen by the path; "/" answers "alive". */
public class CrashApps {
    public static final ServerApps.App app = (environ, start) -> {
        switch ((String) environ.get("PATH_INFO")) {
            case "/exit" -> System.exit(42);
            case "/overflow" -> recurse(0);
            case "/oom" -> hog();
            case "/segv" -> Posix.kill(Posix.pid(), Linux.SIGSEGV);
            default -> { }
        }
        start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
        return List.of("alive".getBytes(StandardCharsets.US_ASCII));
    };

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private static void hog() {
        List<byte[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new byte[1 << 20]);
        }
    }
}
