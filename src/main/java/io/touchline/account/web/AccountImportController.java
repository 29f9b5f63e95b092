package io.touchline.account.web;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.AccountRequest;
import io.touchline.account.AccountService;
import io.touchline.security.CurrentViewer;
import io.touchline.web.ApiErrors;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;

/**
 * CSV import, one account per row with its primary contact as columns. All rows or none. Row
 * numbers count data rows from 1 (the header line is not a row).
 */
@RestController
@RequestMapping("/api/accounts/import")
@Tag(name = "Accounts")
class AccountImportController {

    static final List<String> COLUMNS = List.of("externalId", "name", "arr", "strategic", "trial", "renewalDate",
            "customerSince", "timeZone", "csm", "pod", "contactName", "contactEmail", "contactRole");
    private static final Set<String> REQUIRED = Set.of("externalId", "name", "arr", "renewalDate", "timeZone",
            "contactName", "contactEmail");

    private final AccountService accounts;

    AccountImportController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Import accounts from CSV",
            description = "Header: externalId,name,arr,strategic,trial,renewalDate,customerSince,timeZone,csm,pod,"
                    + "contactName,contactEmail,contactRole. All rows are enrolled, or none: a bad row answers 400 "
                    + "naming the row (1 = first data row) and the field.")
    @ApiResponse(responseCode = "201", description = "Every row enrolled")
    @ApiResponse(responseCode = "400", description = "{\"errors\":[{\"row\":3,\"field\":\"arr\",\"message\":..}]}; nothing written",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    ResponseEntity<Map<String, Object>> importCsv(@RequestBody String csv, Authentication user) throws IOException {
        // spreadsheet exports ("CSV UTF-8") start with a byte order mark
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<AccountRequest> rows = parse(new StringReader(text));
        var enrolled = accounts.enrolAll(rows, CurrentViewer.of(user));
        return ResponseEntity.status(201).body(Map.of("imported", enrolled.size(),
                "accounts", enrolled.stream().map(AccountView::of).toList()));
    }

    static List<AccountRequest> parse(Reader reader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        List<FieldProblem> problems = new ArrayList<>();
        List<AccountRequest> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> missing = REQUIRED.stream().filter(c -> !parser.getHeaderMap().containsKey(c)).sorted().toList();
            if (!missing.isEmpty()) {
                throw new InvalidInputException("header", "missing column(s) " + String.join(", ", missing)
                        + "; expected " + String.join(",", COLUMNS));
            }
            int row = 0;
            for (CSVRecord record : parser) {
                row++;
                rows.add(toRequest(record, row, problems));
            }
        } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException("file", "is not valid CSV: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return rows;
    }

    private static AccountRequest toRequest(CSVRecord r, int row, List<FieldProblem> problems) {
        return new AccountRequest(get(r, "externalId"), get(r, "name"), decimal(r, "arr", row, problems),
                bool(r, "strategic", row, problems), bool(r, "trial", row, problems),
                date(r, "renewalDate", row, problems), date(r, "customerSince", row, problems), get(r, "timeZone"),
                get(r, "csm"), get(r, "pod"),
                List.of(new AccountRequest.ContactRequest(get(r, "contactName"), get(r, "contactEmail"),
                        get(r, "contactRole"))));
    }

    private static String get(CSVRecord r, String column) {
        if (!r.isMapped(column) || !r.isSet(column)) {
            return null;
        }
        String value = r.get(column);
        return value.isEmpty() ? null : value;
    }

    private static BigDecimal decimal(CSVRecord r, String column, int row, List<FieldProblem> problems) {
        String value = get(r, column);
        try {
            return value == null ? null : new BigDecimal(value.replace("_", ""));
        } catch (NumberFormatException e) {
            problems.add(FieldProblem.of(column, "'" + value + "' is not a number").inRow(row));
            return null;
        }
    }

    private static Boolean bool(CSVRecord r, String column, int row, List<FieldProblem> problems) {
        String value = get(r, column);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase()) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> {
                problems.add(FieldProblem.of(column, "'" + value + "' is not true or false").inRow(row));
                yield null;
            }
        };
    }

    private static LocalDate date(CSVRecord r, String column, int row, List<FieldProblem> problems) {
        String value = get(r, column);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(FieldProblem.of(column, "'" + value + "' is not a date (yyyy-mm-dd)").inRow(row));
            return null;
        }
    }
}
