package com.example.guestbook.books;

import com.example.guestbook.genres.Genre;
import com.example.guestbook.loans.Loan;
import com.example.guestbook.model.BaseEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "books")
public class Book extends BaseEntity {
    @NotBlank(message = "Please give the title.")
    @Size(max = 80, message = "At most 80 characters.")
    private String title;

    @NotBlank(message = "Please give the ISBN.")
    @Pattern(regexp = "97[89]-\\d{1,5}-\\d{1,7}-\\d{1,7}-\\d", message = "An ISBN-13 with its hyphens, e.g. 978-0-00-000000-2.")
    private String isbn;

    @NotNull(message = "Please give the year.")
    @Min(value = 1450, message = "Printed books start in 1450.")
    @Max(value = 2100, message = "Not that far ahead.")
    private Integer published;

    @Min(value = 1, message = "A book on the shelves has at least one copy.")
    private int copies = 1;

    @NotNull(message = "Please choose an author.")
    @ManyToOne
    @JoinColumn(name = "author_id")
    private Author author;

    @NotNull(message = "Please choose a genre.")
    @ManyToOne
    @JoinColumn(name = "genre_id")
    private Genre genre;

    @OneToMany(mappedBy = "book")
    @OrderBy("loanedOn desc")
    private List<Loan> loans = new ArrayList<>();

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getIsbn() {
        return isbn;
    }

    public void setIsbn(String isbn) {
        this.isbn = isbn;
    }

    public Integer getPublished() {
        return published;
    }

    public void setPublished(Integer published) {
        this.published = published;
    }

    public int getCopies() {
        return copies;
    }

    public void setCopies(int copies) {
        this.copies = copies;
    }

    public Author getAuthor() {
        return author;
    }

    public void setAuthor(Author author) {
        this.author = author;
    }

    public Genre getGenre() {
        return genre;
    }

    public void setGenre(Genre genre) {
        this.genre = genre;
    }

    public List<Loan> getLoans() {
        return loans;
    }

    /** Copies on the shelf: the copies less the loans not yet returned. */
    public long getAvailable() {
        return copies - loans.stream().filter(Loan::isOpen).count();
    }
}
