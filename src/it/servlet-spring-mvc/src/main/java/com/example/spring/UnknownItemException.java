package com.example.spring;

/** Thrown for an item the catalogue does not have; the ControllerAdvice turns it into a 404 JSON body. */
public class UnknownItemException extends RuntimeException {
    public UnknownItemException(String item) {
        super(item);
    }
}
