package com.example.guestbook.members;

import com.example.guestbook.loans.Loan;
import com.example.guestbook.model.Person;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PastOrPresent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;

@Entity
@Table(name = "members")
public class Member extends Person {
    @NotBlank(message = "Please give an e-mail address.")
    @Email(message = "That is not an e-mail address.")
    private String email;

    @Column(name = "joined_on")
    @PastOrPresent(message = "A member cannot join in the future.")
    @DateTimeFormat(pattern = "yyyy-MM-dd")
    private LocalDate joinedOn = LocalDate.now();

    @OneToMany(mappedBy = "member")
    @OrderBy("loanedOn desc")
    private List<Loan> loans = new ArrayList<>();

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public LocalDate getJoinedOn() {
        return joinedOn;
    }

    public void setJoinedOn(LocalDate joinedOn) {
        this.joinedOn = joinedOn;
    }

    public List<Loan> getLoans() {
        return loans;
    }

    public long getOpenLoans() {
        return loans.stream().filter(Loan::isOpen).count();
    }
}
