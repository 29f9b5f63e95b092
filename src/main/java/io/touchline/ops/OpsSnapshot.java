package io.touchline.ops;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;

/**
 * The figures an operator watches, read from the database (so every node tells the same) at most
 * every {@link #MAX_AGE}: due jobs and how late the oldest is, jobs failing, open incidents, the
 * outbox's depth and oldest due email, emails held for a send window, running journeys per process
 * and version. Health indicators and metrics read it; a scrape or a probe never runs these queries
 * more than once per period. Ages are on the engine clock, as the jobs' due dates are.
 */
@Component
public class OpsSnapshot {

    static final Duration MAX_AGE = Duration.ofSeconds(15);

    /** Running journeys of one process version. */
    public record Running(String process, int version, long journeys) {
    }

    public record Figures(Instant at, long dueJobs, Duration oldestDueJob, long failingJobs, long openIncidents,
            long outboxDue, Duration oldestDueEmail, long held, long failedEmailsLastDay, List<Running> running) {
    }

    private final JdbcTemplate jdbc;
    private volatile Figures last;
    private volatile Instant readAt = Instant.MIN;

    OpsSnapshot(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Figures figures() {
        Instant wall = Instant.now();
        if (last == null || wall.isAfter(readAt.plus(MAX_AGE))) {
            synchronized (this) {
                if (last == null || wall.isAfter(readAt.plus(MAX_AGE))) {
                    last = read();
                    readAt = wall;
                }
            }
        }
        return last;
    }

    /** Reads the figures now, whatever their age (a test that just changed them). */
    synchronized void refresh() {
        last = read();
        readAt = Instant.now();
    }

    private Figures read() {
        Instant now = EngineClock.now();
        Timestamp at = Timestamp.from(now);
        var jobs = jdbc.queryForMap("""
                select count(*) as due, min(DUEDATE_) as oldest from ACT_RU_JOB
                where RETRIES_ > 0 and SUSPENSION_STATE_ = 1 and DUEDATE_ <= ?
                  and (LOCK_EXP_TIME_ is null or LOCK_EXP_TIME_ < ?)""", at, at);
        long failing = count("select count(*) from ACT_RU_JOB where RETRIES_ > 0 and EXCEPTION_MSG_ is not null");
        long incidents = count("select count(*) from ACT_RU_INCIDENT");
        var outbox = jdbc.queryForMap("""
                select count(*) as due, min(next_attempt_at) as oldest from outbox_message
                where sent_at is null and failed_at is null and next_attempt_at <= ?""", at);
        long held = count("select count(*) from outbox_message where sent_at is null and failed_at is null and attempts = 0"
                + " and next_attempt_at > ?", at);
        long failedEmails = count("select count(*) from outbox_message where failed_at >= ? and sent_at is null"
                + " and last_error not like 'not sent:%'", Timestamp.from(now.minus(Duration.ofDays(1))));
        List<Running> running = jdbc.query("""
                select d.KEY_, d.VERSION_, count(*) from ACT_RU_EXECUTION e join ACT_RE_PROCDEF d on d.ID_ = e.PROC_DEF_ID_
                where e.PARENT_ID_ is null group by d.KEY_, d.VERSION_ order by d.KEY_, d.VERSION_""",
                (row, i) -> new Running(row.getString(1), row.getInt(2), row.getLong(3)));
        return new Figures(Instant.now(), number(jobs.get("due")), age(jobs.get("oldest"), now), failing, incidents,
                number(outbox.get("due")), age(outbox.get("oldest"), now), held, failedEmails, running);
    }

    private long count(String sql, Object... args) {
        Long value = jdbc.queryForObject(sql, Long.class, args);
        return value == null ? 0 : value;
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Duration age(Object oldest, Instant now) {
        if (oldest == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(((Timestamp) oldest).toInstant(), now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
