package com.example.guestbook.books;

import com.example.guestbook.genres.Genre;
import com.example.guestbook.genres.GenreRepository;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

@Controller
public class BookController {
    private static final int PAGE_SIZE = 10;
    private final BookRepository books;
    private final AuthorRepository authors;
    private final GenreRepository genres;

    public BookController(BookRepository books, AuthorRepository authors, GenreRepository genres) {
        this.books = books;
        this.authors = authors;
        this.genres = genres;
    }

    @InitBinder("book")
    void noId(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @ModelAttribute("genres")
    List<Genre> genres() {
        return genres.findAllByOrderByNameAsc();
    }

    @ModelAttribute("authors")
    List<Author> authors() {
        return authors.findAllByOrderByLastNameAscFirstNameAsc();
    }

    @GetMapping("/books")
    public String list(@RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "1") int page, Model model) {
        Page<Book> found = books.findByTitleContainingIgnoreCaseOrderByTitle(title, PageRequest.of(Math.max(page, 1) - 1, PAGE_SIZE));
        model.addAttribute("search", title);
        model.addAttribute("found", found);
        model.addAttribute("heading", "Books on the shelves");
        return "books/list";
    }

    @GetMapping("/books/{id}")
    public String details(@PathVariable int id, Model model) {
        model.addAttribute("book", find(id));
        return "books/details";
    }

    @GetMapping("/books/new")
    public String newForm(Model model) {
        model.addAttribute("book", new Book());
        return "books/form";
    }

    @PostMapping("/books/new")
    public String create(@Valid Book book, BindingResult result) {
        if (result.hasErrors()) {
            return "books/form";
        }
        books.save(book);
        return "redirect:/books/" + book.getId();
    }

    @GetMapping("/books/{id}/edit")
    public String editForm(@PathVariable int id, Model model) {
        model.addAttribute("book", find(id));
        return "books/form";
    }

    @PostMapping("/books/{id}/edit")
    public String update(@PathVariable int id, @Valid Book book, BindingResult result) {
        if (result.hasErrors()) {
            return "books/form";
        }
        book.setId(find(id).getId());
        books.save(book);
        return "redirect:/books/" + id;
    }

    private Book find(int id) {
        return books.findWithLoansById(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no book " + id));
    }
}
