package com.example.jersey;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** The process that served this request: under a forking server, a different one per connection. */
@Path("pid")
public class ProcessResource {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> pid() {
        return Map.of("pid", ProcessHandle.current().pid());
    }
}
