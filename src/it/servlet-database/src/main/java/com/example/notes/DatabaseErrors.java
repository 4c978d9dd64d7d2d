package com.example.notes;

import java.util.Map;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A database error is a 500 whose body gives the driver's or the pool's own message. */
@RestControllerAdvice
public class DatabaseErrors {
    @ExceptionHandler({DataAccessException.class, java.sql.SQLException.class})
    public ResponseEntity<Map<String, String>> failed(Exception e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException) { // the driver's or the pool's own words
                cause = t;
                break;
            }
        }
        return ResponseEntity.internalServerError()
                .body(Map.of("error", cause.getClass().getName() + ": " + String.valueOf(cause.getMessage())));
    }
}
