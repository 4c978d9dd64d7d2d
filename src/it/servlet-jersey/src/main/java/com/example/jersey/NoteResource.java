package com.example.jersey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON in and out (Jackson), and a repeated query parameter. */
@Path("notes")
@Produces(MediaType.APPLICATION_JSON)
public class NoteResource {
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public NoteSummary post(Note note) {
        if (note.title() == null || note.title().isBlank()) {
            throw new RejectedNoteException("a note needs a title");
        }
        String text = note.text() == null ? "" : note.text().strip();
        List<String> tags = new ArrayList<>(note.tags() == null ? List.of() : note.tags());
        tags.sort(null);
        return new NoteSummary(note.title(), text.isEmpty() ? 0 : text.split("\\s+").length, tags);
    }

    @GET
    @Path("search")
    public Map<String, Object> search(@QueryParam("tag") List<String> tags, @QueryParam("limit") int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tags", tags);
        body.put("limit", limit);
        return body;
    }
}
