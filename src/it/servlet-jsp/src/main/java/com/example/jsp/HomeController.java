package com.example.jsp;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The site's root, handled by Spring (mapped at "/", it is the default servlet). */
@Controller
public class HomeController {
    @GetMapping("/")
    public String home() {
        return "redirect:/owners";
    }
}
