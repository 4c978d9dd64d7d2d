package com.example.guestbook;

import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
public class GuestbookController {
    private final EntryRepository entries;

    public GuestbookController(EntryRepository entries) {
        this.entries = entries;
    }

    @GetMapping("/")
    public String index(Model model) {
        model.addAttribute("entry", new Entry());
        model.addAttribute("entries", entries.findAllByOrderByIdAsc());
        return "index";
    }

    @PostMapping("/entries")
    public String sign(@Valid @ModelAttribute("entry") Entry entry, BindingResult result, Model model) {
        if (result.hasErrors()) {
            model.addAttribute("entries", entries.findAllByOrderByIdAsc());
            return "index";
        }
        entries.save(entry);
        return "redirect:/";
    }

    @GetMapping("/broken")
    public String broken() {
        throw new IllegalStateException("the guestbook is broken on purpose");
    }

    @GetMapping("/pid")
    @ResponseBody
    public Map<String, Object> pid() {
        // Boot's logging publishes the pid as the system property PID
        return Map.of("pid", ProcessHandle.current().pid(), "pidProperty", String.valueOf(System.getProperty("PID")));
    }
}
