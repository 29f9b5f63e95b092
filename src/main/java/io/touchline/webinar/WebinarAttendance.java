package io.touchline.webinar;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.touchline.EngineClock;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;

/**
 * Registrations and attendance of a webinar, as the webinar tool reports them: a list, or the CSV it exports
 * ({@code email,registered,attended}). Reported again, an address's row is replaced (the tool's latest word counts);
 * one bad line refuses the whole report, naming the line, and nothing is written.
 */
@Component
public class WebinarAttendance {

    /** One address as the tool reports it; attended implies registered. */
    public record Attendee(String email, Boolean registered, Boolean attended) {
    }

    /** What a report changed: the addresses recorded, how many registered and attended, and those Touchline did not invite. */
    public record Report(long webinarId, int recorded, long registered, long attended, List<String> notInvited) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    WebinarAttendance(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** The CSV a webinar tool exports: a header line naming email, registered and attended, then one address a line. */
    public static List<Attendee> parseCsv(String csv) {
        String[] lines = csv == null ? new String[0] : csv.strip().split("\\R");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new InvalidInputException("csv", "empty: expected a header line 'email,registered,attended'");
        }
        List<String> header = List.of(lines[0].toLowerCase(Locale.ROOT).replace("\"", "").split("\\s*,\\s*"));
        int email = header.indexOf("email");
        int registered = header.indexOf("registered");
        int attended = header.indexOf("attended");
        if (email < 0 || (registered < 0 && attended < 0)) {
            throw new InvalidInputException("csv", "line 1: the header must name 'email' and 'registered' or 'attended', not '"
                    + lines[0].strip() + "'");
        }
        List<Attendee> attendees = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].replace("\"", "").split("\\s*,\\s*", -1);
            try {
                attendees.add(new Attendee(cell(cells, email, i), registered < 0 ? null : yes(cell(cells, registered, i), i),
                        attended < 0 ? null : yes(cell(cells, attended, i), i)));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(i + 1, "csv", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return attendees;
    }

    private static String cell(String[] cells, int column, int line) {
        if (column >= cells.length) {
            throw new IllegalArgumentException("line " + (line + 1) + " has " + cells.length + " cells, the header more");
        }
        return cells[column].strip();
    }

    private static boolean yes(String value, int line) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "1" -> true;
            case "no", "n", "false", "0", "" -> false;
            default -> throw new IllegalArgumentException("line " + (line + 1) + ": '" + value + "' is not yes or no");
        };
    }

    public Report record(long webinarId, List<Attendee> attendees) {
        if (jdbc.queryForObject("select count(*) from webinar where id = ?", Long.class, webinarId) == 0) {
            throw new NotFoundException("No webinar " + webinarId);
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Attendee> byEmail = new LinkedHashMap<>();
        for (int i = 0; i < (attendees == null ? 0 : attendees.size()); i++) {
            Attendee a = attendees.get(i);
            String email = a == null || a.email() == null ? "" : a.email().strip().toLowerCase(Locale.ROOT);
            if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 254) {
                problems.add(new FieldProblem(i + 1, "email", "'" + (a == null ? null : a.email()) + "' is not an email address"));
                continue;
            }
            boolean attended = Boolean.TRUE.equals(a.attended());
            byEmail.put(email, new Attendee(email, attended || Boolean.TRUE.equals(a.registered()), attended));
        }
        if (byEmail.isEmpty() && problems.isEmpty()) {
            problems.add(new FieldProblem(null, "attendees", "no address reported"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String prefix = WebinarInvitationsProcess.businessKey(webinarId) + "/%";
        List<String> notInvited = new ArrayList<>();
        transaction.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(EngineClock.now());
            for (Attendee a : byEmail.values()) {
                List<Long> invited = jdbc.queryForList("select account_id from outbox_message where id like ? and lower(recipient) = ? "
                        + "order by created_at fetch first 1 rows only", Long.class, prefix, a.email());
                if (invited.isEmpty()) {
                    notInvited.add(a.email());
                }
                Long account = invited.isEmpty() ? jdbc.queryForList("select account_id from contact where lower(email) = ? "
                        + "order by account_id fetch first 1 rows only", Long.class, a.email()).stream().findFirst().orElse(null)
                        : invited.get(0);
                jdbc.update("delete from webinar_attendee where webinar_id = ? and email = ?", webinarId, a.email());
                jdbc.update("insert into webinar_attendee (webinar_id, email, account_id, registered, attended, reported_at) "
                        + "values (?, ?, ?, ?, ?, ?)", webinarId, a.email(), account, a.registered(), a.attended(), now);
            }
        });
        return new Report(webinarId, byEmail.size(), byEmail.values().stream().filter(Attendee::registered).count(),
                byEmail.values().stream().filter(Attendee::attended).count(), notInvited);
    }
}
