package com.example.guestbook.books;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

public interface AuthorRepository extends Repository<Author, Integer> {
    /** The author a form names by id (Spring Data's converter calls it). */
    Optional<Author> findById(Integer id);

    List<Author> findAllByOrderByLastNameAscFirstNameAsc();
}
