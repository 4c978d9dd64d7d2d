package com.example.guestbook.model;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A name as the forms ask for it: members and authors. */
@MappedSuperclass
public class Person extends BaseEntity {
    @Column(name = "first_name")
    @NotBlank(message = "Please give a first name.")
    @Size(max = 30, message = "At most 30 characters.")
    private String firstName;

    @Column(name = "last_name")
    @NotBlank(message = "Please give a last name.")
    @Size(max = 30, message = "At most 30 characters.")
    private String lastName;

    public String getFirstName() {
        return firstName;
    }

    public void setFirstName(String firstName) {
        this.firstName = firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public void setLastName(String lastName) {
        this.lastName = lastName;
    }

    public String getFullName() {
        return firstName + " " + lastName;
    }

    @Override
    public String toString() {
        return getFullName();
    }
}
