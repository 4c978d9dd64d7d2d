package com.example.guestbook.genres;

import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
public class GenreController {
    private final GenreRepository genres;

    public GenreController(GenreRepository genres) {
        this.genres = genres;
    }

    @GetMapping("/genres")
    public String shelves(Model model) {
        model.addAttribute("shelves", genres.shelves());
        return "genres/shelves";
    }

    @GetMapping("/genres.json")
    @ResponseBody
    public List<Shelf> shelvesAsJson() {
        return genres.shelves();
    }
}
