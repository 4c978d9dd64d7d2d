package com.example.jsp;

import io.github.lsbaws.testing.samples.SampleChecks;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** This sample's checks (in the plugin's test jar) against the server that -Plsbaws or -Pjetty started. */
class SampleIT {
    @TestFactory
    Stream<DynamicTest> conforms() {
        return SampleChecks.fromSystemProperties("servlet-jsp");
    }
}
