package io.touchline.messaging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;

/**
 * Whether an account was asked for advocacy (review, reference, case study) lately, by email or
 * in the app, so a happy customer is not asked again and again. The period is in the diagram:
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
        // asked by email, or in the app for a contact who chose the in-app channel
        Integer asks = jdbc.queryForObject("""
                select (select count(*) from outbox_message m join account a on a.id = m.account_id
                        where a.external_id = ? and m.template = ? and m.created_at >= ?)
                     + (select count(*) from in_app_message i join account a on a.id = i.account_id
                        where a.external_id = ? and i.template = ? and i.created_at >= ?)""",
                Integer.class, externalId, TEMPLATE, Timestamp.from(since), externalId, TEMPLATE, Timestamp.from(since));
        return asks != null && asks > 0;
    }
}
