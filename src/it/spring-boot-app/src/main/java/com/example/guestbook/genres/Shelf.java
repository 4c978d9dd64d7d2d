package com.example.guestbook.genres;

/** One genre's place in the library: how many titles, how many copies. */
public record Shelf(String genre, long titles, long copies) {}
