package com.example.jsp;

import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** Owners listed, added through a form that is validated and re-rendered on error, then redirected. */
@Controller
public class OwnerController {
    private static final String ADDED = "addedOwners";

    @GetMapping("/owners")
    public String list(Model model, HttpSession session) {
        List<Owner> owners = new ArrayList<>(List.of(
                new Owner("George Franklin", "Madison", new BigDecimal("1234.5"), LocalDate.of(2019, 3, 14)),
                new Owner("Betty Davis", "Sun Prairie", new BigDecimal("99"), LocalDate.of(2021, 11, 2))));
        owners.addAll(added(session));
        model.addAttribute("owners", owners);
        model.addAttribute("pid", ProcessHandle.current().pid());
        return "owners";
    }

    @GetMapping("/owners/new")
    public String form(Model model) {
        model.addAttribute("owner", new Owner());
        return "ownerForm";
    }

    @PostMapping("/owners/new")
    public String add(@ModelAttribute("owner") Owner owner, BindingResult result, HttpSession session) {
        if (owner.getName() == null || owner.getName().isBlank()) {
            result.rejectValue("name", "required", "must not be blank");
        }
        if (owner.getCity() == null || owner.getCity().isBlank()) {
            result.rejectValue("city", "required", "must not be blank");
        }
        if (result.hasErrors()) {
            return "ownerForm";
        }
        List<Owner> added = added(session);
        added.add(owner);
        session.setAttribute(ADDED, new ArrayList<>(added));
        return "redirect:/owners";
    }

    @GetMapping("/boom")
    public String boom() {
        throw new IllegalStateException("the owners' ledger is closed");
    }

    @GetMapping("/broken")
    public String broken() {
        return "broken";
    }

    @GetMapping("/motd")
    public String motd() {
        return "motd";
    }

    @SuppressWarnings("unchecked")
    private static List<Owner> added(HttpSession session) {
        Object added = session.getAttribute(ADDED);
        return added == null ? new ArrayList<>() : new ArrayList<>((List<Owner>) added);
    }
}
