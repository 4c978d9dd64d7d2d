package com.example.guestbook.loans;

import com.example.guestbook.books.Book;
import com.example.guestbook.books.BookRepository;
import com.example.guestbook.members.Member;
import com.example.guestbook.members.MemberRepository;
import jakarta.validation.Valid;
import java.time.LocalDate;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;

/** Lending a book to a member and taking it back, from the member's page. */
@Controller
@RequestMapping("/members/{memberId}/loans")
public class LoanController {
    private final MemberRepository members;
    private final BookRepository books;
    private final LoanRepository loans;

    public LoanController(MemberRepository members, BookRepository books, LoanRepository loans) {
        this.members = members;
        this.books = books;
        this.loans = loans;
    }

    @InitBinder("loan")
    void validator(WebDataBinder binder) {
        binder.setDisallowedFields("id", "member", "returnedOn");
        binder.addValidators(new LoanValidator());
    }

    @ModelAttribute("member")
    Member member(@PathVariable int memberId) {
        return members.findWithLoansById(memberId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no member " + memberId));
    }

    @ModelAttribute("books")
    List<Book> books() {
        return books.findByTitleContainingIgnoreCaseOrderByTitle("", Pageable.unpaged()).getContent();
    }

    @GetMapping("/new")
    public String newForm(@ModelAttribute(name = "member", binding = false) Member member, Model model) {
        model.addAttribute("loan", new Loan());
        return "loans/form";
    }

    @PostMapping("/new")
    public String lend(@ModelAttribute(name = "member", binding = false) Member member, @Valid Loan loan, BindingResult result) {
        if (!result.hasFieldErrors("book") && loans.countByBookIdAndReturnedOnIsNull(loan.getBook().getId()) >= loan.getBook().getCopies()) {
            result.rejectValue("book", "noCopy", "Every copy of this book is out.");
        }
        if (result.hasErrors()) {
            return "loans/form";
        }
        loan.setMember(member);
        loans.save(loan);
        return "redirect:/members/" + member.getId();
    }

    @PostMapping("/{loanId}/return")
    public String giveBack(@ModelAttribute(name = "member", binding = false) Member member, @PathVariable int loanId) {
        Loan loan = loans.findById(loanId)
                .filter(found -> found.getMember().getId().equals(member.getId()) && found.isOpen())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no open loan " + loanId));
        loan.setReturnedOn(LocalDate.now());
        loans.save(loan);
        return "redirect:/members/" + member.getId();
    }
}
