package com.example.jersey;

/** A note the resource refuses; RejectedNoteMapper answers it with 422 and a JSON body. */
public class RejectedNoteException extends RuntimeException {
    public RejectedNoteException(String message) {
        super(message);
    }
}
