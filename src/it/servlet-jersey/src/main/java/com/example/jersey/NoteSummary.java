package com.example.jersey;

import java.util.List;

/** The JSON answer to a posted note. */
public record NoteSummary(String title, int words, List<String> tags) {
}
