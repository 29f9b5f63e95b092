package io.touchline.account.web;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.AccountCsv;
import io.touchline.account.AccountImports;
import io.touchline.account.AccountImports.Status;
import io.touchline.security.CurrentViewer;
import io.touchline.web.ApiErrors;

/**
 * CSV import, one account per row with its primary contact as columns, as a job with progress
 * ({@link AccountImports}). The answer waits a moment: a file done by then is answered 201 (or 400
 * with every refused row), a larger one 202 with where to follow it.
 */
@RestController
@RequestMapping(path = "/api/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Accounts")
class AccountImportController {

    private final AccountImports imports;
    private final Duration answerWithin;

    AccountImportController(AccountImports imports, @Value("${touchline.import.answer-within:PT3S}") Duration answerWithin) {
        this.imports = imports;
        this.answerWithin = answerWithin;
    }

    @PostMapping(path = "/import", consumes = "text/csv")
    @Operation(summary = "Import accounts from CSV",
            description = "Header: externalId,name,arr,strategic,trial,renewalDate,customerSince,timeZone,csm,pod,"
                    + "contactName,contactEmail,contactRole,healthScore (healthScore and the flags may be left out). "
                    + "All rows are enrolled, or none: every row is checked first, and a bad row refuses the file, "
                    + "naming the row (1 = first data row) and the field. A file done within a few seconds is answered "
                    + "201 (or 400); a larger one 202 with the import's address (Location) to follow its progress. "
                    + "'Prefer: respond-async' answers 202 at once.")
    @ApiResponse(responseCode = "201", description = "Every row enrolled")
    @ApiResponse(responseCode = "202", description = "Still checking or enrolling: follow it at Location")
    @ApiResponse(responseCode = "400", description = "{\"errors\":[{\"row\":3,\"field\":\"arr\",\"message\":..}]}; nothing written",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    ResponseEntity<?> importCsv(@RequestBody String csv, @RequestHeader(name = "Prefer", required = false) String prefer,
            Authentication user) {
        Status status = imports.submit(csv, CurrentViewer.of(user));
        boolean async = prefer != null && prefer.toLowerCase().contains("respond-async");
        long deadline = System.nanoTime() + answerWithin.toNanos();
        while (!async && !status.finished() && System.nanoTime() < deadline) {
            sleep(25);
            status = imports.status(status.id(), CurrentViewer.of(user));
        }
        URI location = URI.create("/api/accounts/imports/" + status.id());
        if (AccountImports.REJECTED.equals(status.state())) {
            return ResponseEntity.badRequest().location(location).body(new ApiErrors(status.problems()));
        }
        if (AccountImports.DONE.equals(status.state()) && status.failed() == 0) {
            Map<String, Object> body = new LinkedHashMap<>(view(status));
            body.put("imported", status.enrolled());
            return ResponseEntity.created(location).body(body);
        }
        return ResponseEntity.status(status.finished() ? HttpStatus.OK : HttpStatus.ACCEPTED).location(location)
                .body(view(status));
    }

    @GetMapping("/imports/{id}")
    @Operation(summary = "An import and its progress",
            description = "state: queued, checking (checked of rows), enrolling (enrolled of rows), then done, "
                    + "rejected (problems: each refused row and field; nothing enrolled) or failed (message).")
    Map<String, Object> status(@PathVariable long id, Authentication user) {
        return view(imports.status(id, CurrentViewer.of(user)));
    }

    @GetMapping("/imports")
    @Operation(summary = "The latest imports, newest first")
    List<Map<String, Object>> recent(Authentication user) {
        return imports.recent(CurrentViewer.of(user), 20).stream().map(AccountImportController::view).toList();
    }

    @GetMapping(path = "/import/columns")
    @Operation(summary = "The columns of the import file, in the order the template has them")
    List<String> columns() {
        return AccountCsv.COLUMNS;
    }

    private static Map<String, Object> view(Status status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", status.id());
        view.put("state", status.state());
        view.put("rows", status.rows());
        view.put("checked", status.checked());
        view.put("enrolled", status.enrolled());
        view.put("failed", status.failed());
        view.put("progress", progress(status));
        if (status.message() != null) {
            view.put("message", status.message());
        }
        if (!status.problems().isEmpty()) {
            view.put("problems", status.problems());
        }
        view.put("createdBy", status.createdBy());
        view.put("createdAt", status.createdAt());
        if (status.finishedAt() != null) {
            view.put("finishedAt", status.finishedAt());
        }
        return view;
    }

    /** In words, for people following an import. */
    private static String progress(Status status) {
        return switch (status.state()) {
            case AccountImports.QUEUED -> "waiting to be checked";
            case AccountImports.CHECKING -> "checked " + status.checked() + " of " + status.rows() + " rows";
            case AccountImports.ENROLLING -> "enrolled " + status.enrolled() + " of " + status.rows() + " accounts";
            case AccountImports.DONE -> "enrolled " + status.enrolled() + " of " + status.rows() + " accounts";
            case AccountImports.REJECTED -> "refused: nothing enrolled";
            default -> "failed";
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
