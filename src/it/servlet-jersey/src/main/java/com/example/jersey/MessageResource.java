package com.example.jersey;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/** Form parameters in, 201 Created with a Location built from the request's own URL. */
@Path("messages")
public class MessageResource {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(SampleApplication.TEXT_UTF8)
    public Response post(@FormParam("to") String to, @FormParam("text") String text, @Context UriInfo uri) {
        if (to == null || to.isBlank()) {
            throw new BadRequestException(Response.status(400).type(SampleApplication.TEXT_UTF8)
                    .entity("the form has no 'to'\n").build());
        }
        int id = Math.abs((to + '\n' + text).hashCode() % 1000);
        URI location = uri.getAbsolutePathBuilder().path(Integer.toString(id)).build();
        return Response.created(location).entity("to: " + to + "\ntext: " + text + "\n").build();
    }

    /** Only numeric ids match; anything else is not a resource (404). */
    @GET
    @Path("{id: [0-9]+}")
    @Produces(SampleApplication.TEXT_UTF8)
    public String get(@PathParam("id") int id) {
        return "message " + id + "\n";
    }
}
