package com.example.jersey;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** A path and a query parameter; the representation chosen by the Accept header. */
@Path("greetings/{name}")
public class GreetingResource {

    @PathParam("name")
    private String name;

    @QueryParam("salutation")
    @DefaultValue("Hello")
    private String salutation;

    @GET
    @Produces(SampleApplication.TEXT_UTF8)
    public String text() {
        return salutation + ", " + name + "!\n";
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("greeting", salutation + ", " + name + "!");
        return body;
    }
}
