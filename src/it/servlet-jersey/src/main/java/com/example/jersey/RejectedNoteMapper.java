package com.example.jersey;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/** A refused note as 422 with a JSON body. */
public class RejectedNoteMapper implements ExceptionMapper<RejectedNoteException> {
    @Override
    public Response toResponse(RejectedNoteException e) {
        return Response.status(422).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "rejected note", "message", e.getMessage())).build();
    }
}
