package com.example.jsp;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.time.ZoneOffset;

/** A form-backed record: kept in the HttpSession, so it must be Serializable. */
public class Owner implements Serializable {
    private static final long serialVersionUID = 1L;

    private String name = "";
    private String city = "";
    private BigDecimal balance = BigDecimal.ZERO;
    private LocalDate since = LocalDate.of(2020, 1, 1);

    public Owner() {
    }

    public Owner(String name, String city, BigDecimal balance, LocalDate since) {
        this.name = name;
        this.city = city;
        this.balance = balance;
        this.since = since;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String city) {
        this.city = city;
    }

    public BigDecimal getBalance() {
        return balance;
    }

    public void setBalance(BigDecimal balance) {
        this.balance = balance;
    }

    public LocalDate getSince() {
        return since;
    }

    /** For fmt:formatDate, which takes a java.util.Date. */
    public Date getSinceDate() {
        return Date.from(since.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
