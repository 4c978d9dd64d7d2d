package com.example.guestbook.members;

import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MemberRepository extends JpaRepository<Member, Integer> {
    @EntityGraph(attributePaths = "loans")
    Page<Member> findByLastNameStartingWithIgnoreCaseOrderByLastNameAscFirstNameAsc(String lastName, Pageable page);

    @EntityGraph(attributePaths = {"loans", "loans.book", "loans.book.author"})
    Optional<Member> findWithLoansById(Integer id);
}
