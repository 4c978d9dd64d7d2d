package com.example.jersey;

import jakarta.ws.rs.ApplicationPath;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Found by Jersey's ServletContainerInitializer (jersey-container-servlet), which registers a
 * Jersey servlet at the @ApplicationPath: no web.xml. Resources are registered by name rather
 * than found by scanning packages.
 */
@ApplicationPath("/api")
public class SampleApplication extends ResourceConfig {
    /** Text with its charset named: left out, containers differ on the charset they declare. */
    public static final String TEXT_UTF8 = "text/plain;charset=UTF-8";

    public SampleApplication() {
        register(GreetingResource.class);
        register(MessageResource.class);
        register(NoteResource.class);
        register(ProcessResource.class);
        register(RejectedNoteMapper.class);
        register(JacksonFeature.class);
        // No WADL: it needs JAXB, which a Jakarta EE web profile container need not have.
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
