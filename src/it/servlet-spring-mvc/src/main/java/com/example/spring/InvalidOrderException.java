package com.example.spring;

/** Thrown by the controller for an order it refuses; the ControllerAdvice turns it into a 422 JSON body. */
public class InvalidOrderException extends RuntimeException {
    private final String field;

    public InvalidOrderException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
