package com.example.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Exceptions of the API as 4xx JSON bodies, rather than the container's error page. */
@RestControllerAdvice
public class ApiErrors {
    @ExceptionHandler(InvalidOrderException.class)
    @ResponseStatus(HttpStatus.UNPROCESSABLE_ENTITY)
    public Map<String, Object> invalidOrder(InvalidOrderException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid order");
        body.put("field", e.field());
        body.put("message", e.getMessage());
        return body;
    }

    @ExceptionHandler(UnknownItemException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    public Map<String, Object> unknownItem(UnknownItemException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "unknown item");
        body.put("item", e.getMessage());
        return body;
    }
}
