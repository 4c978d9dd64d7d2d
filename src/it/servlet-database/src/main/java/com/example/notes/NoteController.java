package com.example.notes;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Notes written and read through the repository, and what the checks ask of the pool. */
@RestController
public class NoteController {
    /** Changed by the reload check: which code serves. */
    static final String EDITION = "first";

    private final NoteRepository notes;
    private final int maxActive;

    public NoteController(NoteRepository notes, @Value("${notes.pool.maxActive}") int maxActive) {
        this.notes = notes;
        this.maxActive = maxActive;
    }

    @PostMapping("/notes")
    public ResponseEntity<Map<String, Object>> add(@RequestParam String text) {
        long id = notes.add(text);
        return ResponseEntity.created(URI.create("notes/" + id)).body(Map.of("id", id, "text", text));
    }

    @GetMapping("/notes/{id}")
    public ResponseEntity<Map<String, Object>> find(@PathVariable long id) {
        return notes.find(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/notes")
    public Map<String, Object> all() {
        List<Map<String, Object>> all = notes.all();
        return Map.of("edition", EDITION, "notes", all);
    }

    @GetMapping("/backend")
    public Map<String, Object> backend(@RequestParam(defaultValue = "0") long holdMillis) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backend", notes.backend(holdMillis));
        body.put("loadedWith", LoadProbe.backendAtLoad());
        body.put("pid", ProcessHandle.current().pid());
        return body;
    }

    @GetMapping("/exhaust")
    public Map<String, Object> exhaust() throws Exception {
        notes.borrowAll(maxActive + 1);
        return Map.of("borrowed", maxActive + 1);
    }
}
