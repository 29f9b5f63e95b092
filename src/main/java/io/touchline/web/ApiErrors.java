package io.touchline.web;

import java.util.List;

/** Every 4xx answer of the API: {"errors":[{"row":..,"field":..,"message":..}]} (row for CSV imports). */
public record ApiErrors(List<FieldProblem> errors) {

    public static ApiErrors of(String field, String message) {
        return new ApiErrors(List.of(FieldProblem.of(field, message)));
    }
}
