package io.touchline.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One thing wrong with the input: which field (and CSV row, for imports), and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(Integer row, String field, String message) {

    public static FieldProblem of(String field, String message) {
        return new FieldProblem(null, field, message);
    }

    public FieldProblem inRow(int row) {
        return new FieldProblem(row, field, message);
    }
}
