package com.example.spring;

/** The JSON body an order is posted with. */
public record Order(String item, int quantity, long unitPriceCents) {
}
