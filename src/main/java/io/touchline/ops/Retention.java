package io.touchline.ops;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;

/**
 * Keeps what grows with every email for a set time: the bodies of sent (or given-up) emails for
 * {@code touchline.retention.email-bodies} (P90D) after sending, the opens and clicks for
 * {@code touchline.retention.email-engagement} (P400D) after the last one. The message itself
 * (account, template, recipient, subject, when sent) stays: the timeline, the frequency cap and the
 * advocacy rule read it. Runs every {@code touchline.retention.interval} (PT1H) on each node; a
 * round looks only at the messages sent since the previous round's cut-off, a day at a time.
 * Engine time (tests move it), like the times it compares.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final String BODIES = "email-bodies";

    private final JdbcTemplate jdbc;
    private final Period keepBodies;
    private final Period keepEngagement;
    private final Period keepHealthScores;
    private final io.touchline.account.HealthHistory healthHistory;

    Retention(JdbcTemplate jdbc, @Value("${touchline.retention.email-bodies:P90D}") Period keepBodies,
            @Value("${touchline.retention.email-engagement:P400D}") Period keepEngagement,
            @Value("${touchline.retention.health-scores:P400D}") Period keepHealthScores,
            io.touchline.account.HealthHistory healthHistory) {
        this.keepHealthScores = keepHealthScores;
        this.healthHistory = healthHistory;
        this.jdbc = jdbc;
        this.keepBodies = keepBodies;
        this.keepEngagement = keepEngagement;
    }

    /** What a round removed. */
    public record Removed(int emailBodies, int engagementRows, int healthScores) {
    }

    @Scheduled(initialDelayString = "${touchline.retention.first-round:PT1M}", fixedDelayString = "${touchline.retention.interval:PT1H}")
    void scheduled() {
        try {
            Removed removed = run();
            if (removed.emailBodies() > 0 || removed.engagementRows() > 0 || removed.healthScores() > 0) {
                log.info("Retention: removed the bodies of {} emails, {} open/click rows and {} old health scores",
                        removed.emailBodies(), removed.engagementRows(), removed.healthScores());
            }
        } catch (RuntimeException e) {
            log.warn("Retention round failed (tried again next round): {}", e.getMessage(), e);
        }
    }

    public Removed run() {
        Instant now = EngineClock.now();
        Instant bodiesBefore = now.minus(Duration.ofDays(days(keepBodies)));
        Instant from = doneUntil().orElse(null);
        int bodies = 0;
        if (from == null || from.isAfter(bodiesBefore)) {
            // the first round, or the clock was set back (a restored database): from the oldest message
            Timestamp first = jdbc.queryForObject("select min(created_at) from outbox_message", Timestamp.class);
            from = first == null ? bodiesBefore : first.toInstant();
        }
        while (from.isBefore(bodiesBefore)) {
            Instant to = from.plus(1, ChronoUnit.DAYS).isBefore(bodiesBefore) ? from.plus(1, ChronoUnit.DAYS) : bodiesBefore;
            bodies += jdbc.update("""
                    update outbox_message set text_body = '', html_body = ''
                    where sent_at >= ? and sent_at < ? and text_body <> ''""", Timestamp.from(from), Timestamp.from(to));
            bodies += jdbc.update("""
                    update outbox_message set text_body = '', html_body = ''
                    where failed_at >= ? and failed_at < ? and sent_at is null and text_body <> ''""",
                    Timestamp.from(from), Timestamp.from(to));
            from = to;
        }
        markDone(from);
        int engagement = jdbc.update("delete from email_engagement where last_at < ?",
                Timestamp.from(now.minus(Duration.ofDays(days(keepEngagement)))));
        int scores = healthHistory.forgetBefore(now.minus(Duration.ofDays(days(keepHealthScores))));
        return new Removed(bodies, engagement, scores);
    }

    private java.util.Optional<Instant> doneUntil() {
        List<Timestamp> marks = jdbc.queryForList("select done_until from retention_mark where name = ?", Timestamp.class, BODIES);
        return marks.stream().findFirst().map(Timestamp::toInstant);
    }

    private void markDone(Instant until) {
        if (jdbc.update("update retention_mark set done_until = ? where name = ?", Timestamp.from(until), BODIES) == 0) {
            try {
                jdbc.update("insert into retention_mark (name, done_until) values (?, ?)", BODIES, Timestamp.from(until));
            } catch (org.springframework.dao.DuplicateKeyException anotherNode) {
                // another node's round got there first: its mark is as good
            }
        }
    }

    /** Days of a period (months as 30 days, years as 365): a retention is a length of time. */
    private static long days(Period period) {
        return period.getYears() * 365L + period.getMonths() * 30L + period.getDays();
    }
}
