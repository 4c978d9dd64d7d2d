package com.example.spring;

import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The JSON API: path and query parameters, a JSON body in and out, a session counter, the serving process. */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
public class SampleController {
    private static final Map<String, Long> PRICES_CENTS = Map.of("book", 1250L, "pen", 199L);

    @GetMapping("/greetings/{name}")
    public Map<String, Object> greeting(@PathVariable String name,
                                        @RequestParam(defaultValue = "Hello") String salutation,
                                        @RequestParam(defaultValue = "1") int times) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("greeting", (salutation + ", " + name + "! ").repeat(times).strip());
        return body;
    }

    @GetMapping("/items/{item}")
    public Map<String, Object> item(@PathVariable String item) {
        Long price = PRICES_CENTS.get(item);
        if (price == null) {
            throw new UnknownItemException(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("item", item);
        body.put("priceCents", price);
        return body;
    }

    @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Receipt order(@RequestBody Order order) {
        if (order.quantity() <= 0) {
            throw new InvalidOrderException("quantity", "quantity must be positive, was " + order.quantity());
        }
        if (order.item() == null || order.item().isBlank()) {
            throw new InvalidOrderException("item", "item is missing");
        }
        return new Receipt(order.item(), order.quantity(), order.quantity() * order.unitPriceCents(),
                "pid " + ProcessHandle.current().pid());
    }

    /** Counts the visits made with one HttpSession: the count lives in the HttpSession, not in the serving process. */
    @GetMapping("/visits")
    public Map<String, Object> visits(HttpSession session) {
        Integer previous = (Integer) session.getAttribute("visits");
        int visits = previous == null ? 1 : previous + 1;
        session.setAttribute("visits", visits);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visits", visits);
        body.put("newSession", session.isNew());
        body.put("pid", ProcessHandle.current().pid());
        return body;
    }

    /** The process that served this request: under a forking server, a different one per connection. */
    @GetMapping("/pid")
    public Map<String, Object> pid() {
        return Map.of("pid", ProcessHandle.current().pid());
    }
}
