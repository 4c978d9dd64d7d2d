package com.example.guestbook.loans;

import com.example.guestbook.books.Book;
import com.example.guestbook.members.Member;
import com.example.guestbook.model.BaseEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;

@Entity
@Table(name = "loans")
public class Loan extends BaseEntity {
    @ManyToOne
    @JoinColumn(name = "book_id")
    @NotNull(message = "Please choose a book.")
    private Book book;

    @ManyToOne
    @JoinColumn(name = "member_id")
    private Member member;

    @Column(name = "loaned_on")
    @DateTimeFormat(pattern = "yyyy-MM-dd")
    private LocalDate loanedOn = LocalDate.now();

    @Column(name = "due_on")
    @NotNull(message = "Please give the date it is due.")
    @DateTimeFormat(pattern = "yyyy-MM-dd")
    private LocalDate dueOn = LocalDate.now().plusWeeks(3);

    @Column(name = "returned_on")
    private LocalDate returnedOn;

    public Book getBook() {
        return book;
    }

    public void setBook(Book book) {
        this.book = book;
    }

    public Member getMember() {
        return member;
    }

    public void setMember(Member member) {
        this.member = member;
    }

    public LocalDate getLoanedOn() {
        return loanedOn;
    }

    public void setLoanedOn(LocalDate loanedOn) {
        this.loanedOn = loanedOn;
    }

    public LocalDate getDueOn() {
        return dueOn;
    }

    public void setDueOn(LocalDate dueOn) {
        this.dueOn = dueOn;
    }

    public LocalDate getReturnedOn() {
        return returnedOn;
    }

    public void setReturnedOn(LocalDate returnedOn) {
        this.returnedOn = returnedOn;
    }

    public boolean isOpen() {
        return returnedOn == null;
    }

    public boolean isOverdue() {
        return isOpen() && dueOn.isBefore(LocalDate.now());
    }
}
