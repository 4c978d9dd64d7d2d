package com.example.guestbook.genres;

import java.text.ParseException;
import java.util.Locale;
import org.springframework.format.Formatter;
import org.springframework.stereotype.Component;

/** A genre in a form is its name; Boot registers every Formatter bean with Spring MVC. */
@Component
public class GenreFormatter implements Formatter<Genre> {
    private final GenreRepository genres;

    public GenreFormatter(GenreRepository genres) {
        this.genres = genres;
    }

    @Override
    public String print(Genre genre, Locale locale) {
        return genre.getName();
    }

    @Override
    public Genre parse(String text, Locale locale) throws ParseException {
        return genres.findAllByOrderByNameAsc().stream()
                .filter(genre -> genre.getName().equals(text))
                .findFirst()
                .orElseThrow(() -> new ParseException("no genre named " + text, 0));
    }
}
