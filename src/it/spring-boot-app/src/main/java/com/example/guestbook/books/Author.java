package com.example.guestbook.books;

import com.example.guestbook.model.Person;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "authors")
public class Author extends Person {}
