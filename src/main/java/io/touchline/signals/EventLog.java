package io.touchline.signals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The account_event table: every event received, with what became of it. */
@Repository
class EventLog {

    enum Outcome { APPLIED, STALE, NOT_APPLIED }

    record Logged(String eventId, long accountId, String type, String outcome) {
    }

    private final JdbcTemplate jdbc;

    EventLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Logged> find(String eventId) {
        return jdbc.query("select event_id, account_id, type, outcome from account_event where event_id = ?",
                (rs, row) -> new Logged(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)), eventId)
                .stream().findFirst();
    }

    /** Whether an event of this signal that happened later than {@code occurredAt} was already applied. */
    boolean newerApplied(long accountId, String type, Instant occurredAt) {
        Integer newer = jdbc.queryForObject("""
                select count(*) from account_event
                where account_id = ? and type = ? and outcome = 'APPLIED' and occurred_at > ?""",
                Integer.class, accountId, type, Timestamp.from(occurredAt));
        return newer != null && newer > 0;
    }

    void record(AccountEvent event, long accountId, Outcome outcome, String detail, String payload, Instant receivedAt) {
        jdbc.update("""
                insert into account_event (event_id, account_id, type, occurred_at, received_at, outcome, detail, payload)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                event.eventId(), accountId, event.type(), Timestamp.from(event.occurredAt()), Timestamp.from(receivedAt),
                outcome.name(), detail, payload);
    }
}
