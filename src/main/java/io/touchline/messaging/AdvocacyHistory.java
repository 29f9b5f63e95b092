package io.touchline.messaging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;

/**
 * Whether an account was asked for advocacy (review, reference, case study) lately, so a happy
 * customer is not asked again and again. The period is in the diagram:
 * {@code ${advocacy.askedWithin(execution.processBusinessKey, 'P90D')}}.
 */
@Component("advocacy")
public class AdvocacyHistory {

    static final String TEMPLATE = "advocacy-ask";

    private final JdbcTemplate jdbc;

    AdvocacyHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean askedWithin(String externalId, String period) {
        Instant since = EngineClock.now().atZone(ZoneOffset.UTC)
                .minus(io.touchline.journey.Schedule.amount(period)).toInstant();
        Integer asks = jdbc.queryForObject("""
                select count(*) from outbox_message m join account a on a.id = m.account_id
                where a.external_id = ? and m.template = ? and m.created_at >= ?""",
                Integer.class, externalId, TEMPLATE, Timestamp.from(since));
        return asks != null && asks > 0;
    }
}
