package com.example.guestbook.books;

import java.util.Optional;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BookRepository extends JpaRepository<Book, Integer> {
    @EntityGraph(attributePaths = {"author", "genre"})
    Page<Book> findByTitleContainingIgnoreCaseOrderByTitle(String title, Pageable page);

    /** A book with its loans and their members, for the pages that show them (open-in-view is off). */
    @EntityGraph(attributePaths = {"author", "genre", "loans", "loans.member"})
    Optional<Book> findWithLoansById(Integer id);

    /** A book added or changed changes the shelves' counts (GenreRepository caches them). */
    @Override
    @CacheEvict(cacheNames = "shelves", allEntries = true)
    <S extends Book> S save(S book);
}
