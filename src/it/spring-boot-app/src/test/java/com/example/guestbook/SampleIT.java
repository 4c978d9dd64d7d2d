package com.example.guestbook;

import io.github.lsbaws.testing.samples.SampleChecks;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class SampleIT {
    @TestFactory
    Stream<DynamicTest> checks() {
        return SampleChecks.fromSystemProperties("spring-boot-app");
    }
}
