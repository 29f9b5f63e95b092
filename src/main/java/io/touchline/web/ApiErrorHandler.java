package io.touchline.web;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;

/**
 * Maps domain exceptions to 4xx answers of one shape: {"errors":[{"field":..,"message":..}]}. Not
 * limited to Touchline's controllers: a request no handler takes (a wrong Content-Type) has none.
 */
@RestControllerAdvice
class ApiErrorHandler {

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ApiErrors> invalid(InvalidInputException e) {
        return ResponseEntity.badRequest().body(new ApiErrors(e.problems()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiErrors> invalid(MethodArgumentNotValidException e) {
        List<FieldProblem> problems = e.getBindingResult().getFieldErrors().stream()
                .map(fe -> FieldProblem.of(fe.getField(), fe.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return ResponseEntity.badRequest().body(new ApiErrors(problems));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiErrors> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof InvalidTypeIdException typeId) {
            return ResponseEntity.badRequest().body(ApiErrors.of(prefix(typeId) + "type",
                    "'" + typeId.getTypeId() + "' is not a known type; see the API documentation"));
        }
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = ControlCharacters.NUL_MESSAGE.equals(mapping.getOriginalMessage())
                    ? ControlCharacters.NUL_MESSAGE
                    : "has the wrong format: " + mapping.getOriginalMessage().split("\n")[0];
            return ResponseEntity.badRequest().body(new ApiErrors(List.of(FieldProblem.of(field, message))));
        }
        return ResponseEntity.badRequest()
                .body(new ApiErrors(List.of(FieldProblem.of("body", "is not valid JSON"))));
    }

    private static String prefix(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "" : path + ".";
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiErrors> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(new ApiErrors(List.of(FieldProblem.of(e.getName(), "has the wrong format"))));
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<ApiErrors> missingPart(MissingServletRequestPartException e) {
        return ResponseEntity.badRequest().body(new ApiErrors(List.of(FieldProblem.of(e.getRequestPartName(), "is missing"))));
    }

    /** Two requests raced for the same external id: the database's unique key decides. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ApiErrors> duplicate(DuplicateKeyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiErrors(List.of(FieldProblem.of("externalId",
                "an account with this external id already exists"))));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiErrors> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new ApiErrors(List.of(FieldProblem.of(
                "Content-Type", "must be one of " + e.getSupportedMediaTypes()))));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiErrors> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiErrors.of(null, e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ApiErrors> conflict(ConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(new ApiErrors(List.of(FieldProblem.of(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiErrors> forbidden(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(ApiErrors.of(null, e.getMessage()));
    }
}
