package com.example.spring;

/** The JSON answer to a posted order. */
public record Receipt(String item, int quantity, long totalCents, String servedBy) {
}
