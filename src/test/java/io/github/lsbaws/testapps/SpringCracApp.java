package io.github.lsbaws.testapps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A Spring context with a scheduled task, unchanged: Spring's lifecycle processor registers with
 * org.crac, stops its beans before the checkpoint (leaving its prevent-shutdown thread parked)
 * and starts them again after each restore.
 */
public class SpringCracApp {
    @Configuration
    @EnableScheduling
    public static class Config {
        @Bean
        public ThreadPoolTaskScheduler taskScheduler() {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setThreadNamePrefix("spring-scheduler-");
            return scheduler;
        }

        @Bean
        public Ticker ticker() {
            return new Ticker();
        }
    }

    public static class Ticker {
        final AtomicInteger ticks = new AtomicInteger();

        @Scheduled(fixedRate = 200)
        public void tick() {
            ticks.incrementAndGet();
        }
    }

    public static final ServerApps.App app = start();

    private static ServerApps.App start() {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class);
        ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
        return (environ, start) -> {
            String body = "context running=" + context.isRunning() + " scheduler running=" + scheduler.isRunning()
                    + " served-by=" + ProcessHandle.current().pid();
            start.accept("200 OK", List.of(Map.entry("Content-Type", "text/plain")));
            return List.of(body.getBytes(StandardCharsets.UTF_8));
        };
    }
}
