package io.touchline.web;

/** The request clashes with what exists (a duplicate external id, a churned account). */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
