package io.touchline.account;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;

/**
 * The account import's file: one account per row with its primary contact as columns, a header
 * naming the columns in any order. Row numbers count data rows from 1 (the header line is not a
 * row). Reading checks the format of every value (numbers, dates, true/false); what the values
 * mean (time zones, owners, duplicates) is checked by {@link AccountService#check}.
 */
public final class AccountCsv {

    public static final List<String> COLUMNS = List.of("externalId", "name", "arr", "strategic", "trial", "renewalDate",
            "customerSince", "timeZone", "csm", "pod", "contactName", "contactEmail", "contactRole", "healthScore", "industry");
    private static final Set<String> REQUIRED = Set.of("externalId", "name", "arr", "renewalDate", "timeZone",
            "contactName", "contactEmail");

    private AccountCsv() {
    }

    /** Every row of the file, or a 400 naming each value in the wrong format (with its row). */
    public static List<AccountRequest> read(String csv) {
        // spreadsheet exports ("CSV UTF-8") start with a byte order mark
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        try {
            return read(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<AccountRequest> read(Reader reader) throws IOException {
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
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException("file", "is not valid CSV: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("file", "has no account rows");
        }
        return rows;
    }

    private static AccountRequest toRequest(CSVRecord r, int row, List<FieldProblem> problems) {
        return new AccountRequest(get(r, "externalId"), get(r, "name"), decimal(r, "arr", row, problems),
                bool(r, "strategic", row, problems), bool(r, "trial", row, problems),
                date(r, "renewalDate", row, problems), date(r, "customerSince", row, problems), get(r, "timeZone"),
                get(r, "csm"), get(r, "pod"),
                List.of(new AccountRequest.ContactRequest(get(r, "contactName"), get(r, "contactEmail"),
                        get(r, "contactRole"))), integer(r, "healthScore", row, problems), get(r, "industry"));
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

    private static Integer integer(CSVRecord r, String column, int row, List<FieldProblem> problems) {
        String value = get(r, column);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            problems.add(FieldProblem.of(column, "'" + value + "' is not a whole number").inRow(row));
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
