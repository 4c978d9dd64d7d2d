package com.example.guestbook.loans;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** What a loan's annotations cannot say: it is due after the day it starts. */
public class LoanValidator implements Validator {
    @Override
    public boolean supports(Class<?> type) {
        return Loan.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        Loan loan = (Loan) target;
        if (loan.getDueOn() != null && loan.getLoanedOn() != null && !loan.getDueOn().isAfter(loan.getLoanedOn())) {
            errors.rejectValue("dueOn", "afterLoan", "A loan is due after the day it starts.");
        }
    }
}
