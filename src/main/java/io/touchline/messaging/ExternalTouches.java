package io.touchline.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import io.touchline.account.Account;
import io.touchline.account.Contact;

/**
 * Touches other teams made (a support answer, a marketing newsletter, a product campaign in the
 * app), recorded so the account's timeline, the contacts' frequency cap ({@link Outbox#cappedSince})
 * and the one-touch-a-month minimum see them. An email counts for the contacts it reached (all the
 * account's contacts when the sender does not say), unless it answered the customer's own request
 * or was an account notice (kinds reactive and transactional), which the cap never holds back.
 */
@Repository
public class ExternalTouches {

    public static final String CHANNEL_EMAIL = "email";

    private final JdbcTemplate jdbc;

    ExternalTouches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the touch; returns the contacts an email reached (none for other channels). */
    public List<String> record(Account account, String channel, String kind, String team, String title,
            List<String> recipients, Instant occurredAt) {
        if (!CHANNEL_EMAIL.equals(channel)) {
            insert(account, null, channel, kind, team, title, occurredAt);
            return List.of();
        }
        List<String> reached = recipients == null || recipients.isEmpty()
                ? account.contacts().stream().map(Contact::email).toList()
                : recipients.stream().map(String::trim).map(r -> account.contacts().stream().map(Contact::email)
                        .filter(r::equalsIgnoreCase).findFirst().orElse(r)).distinct().toList();
        reached.forEach(r -> insert(account, r, channel, kind, team, title, occurredAt));
        return reached;
    }

    private void insert(Account account, String recipient, String channel, String kind, String team, String title,
            Instant at) {
        jdbc.update("insert into external_touch (account_id, recipient, channel, kind, team, title, occurred_at) "
                + "values (?, ?, ?, ?, ?, ?, ?)", account.id(), recipient, channel, kind, team, title, Timestamp.from(at));
    }
}
