package com.example.notes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Asks the database once while the application loads, as applications do (a cache warmed, a
 * setting read), and remembers which connection answered: no request may be served by it.
 */
@Component
public class LoadProbe implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(LoadProbe.class);
    private static volatile long backendAtLoad = -1;
    private final NoteRepository notes;

    public LoadProbe(NoteRepository notes) {
        this.notes = notes;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            backendAtLoad = notes.backend(0);
            log.info("loaded with database connection {}", backendAtLoad);
        } catch (Exception e) { // a database that is not running yet: requests will say so
            log.warn("the database did not answer at start-up: {}", e.toString());
        }
    }

    /** The connection that answered at load, or -1. */
    static long backendAtLoad() {
        return backendAtLoad;
    }
}
