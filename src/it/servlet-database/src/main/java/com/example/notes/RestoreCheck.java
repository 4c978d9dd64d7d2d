package com.example.notes;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.springframework.stereotype.Component;

/**
 * A CRaC resource of the application's own: after a restore it checks its environment, and
 * fails while the file notes.restoreFailure names exists (as a resource whose remote service
 * is gone would fail).
 */
@Component
public class RestoreCheck implements Resource {
    private final Path failWhenPresent = Path.of(System.getProperty("notes.restoreFailure", "target/notes-restore-fails"));

    public RestoreCheck() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        if (Files.exists(failWhenPresent)) {
            throw new IllegalStateException("RestoreCheck: " + failWhenPresent + " exists");
        }
    }
}
