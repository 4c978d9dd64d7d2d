package com.example.plain;

/** Thrown for an item the inventory does not know; web.xml maps it to the /error-report page. */
public class InventoryException extends RuntimeException {
    public InventoryException(String message) {
        super(message);
    }
}
