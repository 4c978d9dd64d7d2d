package com.example.notes;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A scheduled task, as applications have (a cache refresh, a clean-up): Spring runs it on a scheduler thread. */
@Component
public class Heartbeat {
    private final AtomicLong beats = new AtomicLong();

    @Scheduled(fixedDelay = 60_000)
    public void beat() {
        beats.incrementAndGet();
    }
}
