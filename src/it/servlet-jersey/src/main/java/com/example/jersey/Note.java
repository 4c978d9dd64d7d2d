package com.example.jersey;

import java.util.List;

/** A note posted as JSON. */
public record Note(String title, String text, List<String> tags) {
}
