package com.example.guestbook.loans;

import org.springframework.data.jpa.repository.JpaRepository;

public interface LoanRepository extends JpaRepository<Loan, Integer> {
    long countByBookIdAndReturnedOnIsNull(Integer bookId);
}
