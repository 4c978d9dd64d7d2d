package com.example.guestbook.members;

import jakarta.validation.Valid;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

@Controller
public class MemberController {
    private static final int PAGE_SIZE = 5;
    private final MemberRepository members;

    public MemberController(MemberRepository members) {
        this.members = members;
    }

    @InitBinder("member")
    void noId(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @GetMapping("/members/find")
    public String findForm() {
        return "members/find";
    }

    /** The members whose last name starts with lastName; one found is shown at once. */
    @GetMapping("/members")
    public String list(@RequestParam(defaultValue = "") String lastName, @RequestParam(defaultValue = "1") int page, Model model) {
        Page<Member> found = members.findByLastNameStartingWithIgnoreCaseOrderByLastNameAscFirstNameAsc(
                lastName, PageRequest.of(Math.max(page, 1) - 1, PAGE_SIZE));
        if (found.getTotalElements() == 1) {
            return "redirect:/members/" + found.getContent().get(0).getId();
        }
        model.addAttribute("lastName", lastName);
        model.addAttribute("found", found);
        return "members/list";
    }

    @GetMapping("/members/{id}")
    public String details(@PathVariable int id, Model model) {
        model.addAttribute("member", find(id));
        return "members/details";
    }

    @GetMapping("/members/new")
    public String newForm(Model model) {
        model.addAttribute("member", new Member());
        return "members/form";
    }

    @PostMapping("/members/new")
    public String create(@Valid Member member, BindingResult result) {
        if (result.hasErrors()) {
            return "members/form";
        }
        members.save(member);
        return "redirect:/members/" + member.getId();
    }

    @GetMapping("/members/{id}/edit")
    public String editForm(@PathVariable int id, Model model) {
        model.addAttribute("member", find(id));
        return "members/form";
    }

    @PostMapping("/members/{id}/edit")
    public String update(@PathVariable int id, @Valid Member member, BindingResult result) {
        if (result.hasErrors()) {
            return "members/form";
        }
        member.setId(find(id).getId());
        members.save(member);
        return "redirect:/members/" + id;
    }

    private Member find(int id) {
        return members.findWithLoansById(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no member " + id));
    }
}
