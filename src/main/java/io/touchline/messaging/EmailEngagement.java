package io.touchline.messaging;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.touchline.EngineClock;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;

/**
 * Opens and clicks of tracked emails ({@link EmailTracking}), counted in email_engagement. The
 * first open of a message, and the first click of each of its links, go on the account's timeline;
 * repeats only raise the count. Tokens that are not valid, or name no message, record nothing.
 */
@Component
public class EmailEngagement {

    public static final String OPENED = "opened";
    /** An open a mail privacy proxy made, kept apart from the people's. */
    public static final String MACHINE_OPEN = "machine-open";
    public static final String CLICKED = "clicked";
    static final String OPEN_NOTE = "Opens are approximate: mail privacy proxies (Apple Mail Privacy Protection, "
            + "Gmail's image proxy) load the images of an email whether or not anyone reads it. Clicks are the stronger signal.";

    /** What a CSM sees per message and kind; url is null for opens. */
    public record Entry(String messageId, String template, String title, String subject, String kind, String url,
            int count, Instant firstAt, Instant lastAt) {
    }

    private final EmailTracking tracking;
    private final Outbox outbox;
    private final JdbcTemplate jdbc;
    private final TouchpointRepository touchpoints;
    private final TransactionTemplate transaction;

    private final OpenClassification classification;

    EmailEngagement(EmailTracking tracking, Outbox outbox, JdbcTemplate jdbc, TouchpointRepository touchpoints,
            PlatformTransactionManager transactions, OpenClassification classification) {
        this.classification = classification;
        this.tracking = tracking;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.touchpoints = touchpoints;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Records an open from the pixel: a privacy proxy's (open-classification.dmn, from the opener's user agent and
     * address and how soon after delivery) is counted apart and not put on the timeline; a person's first open is.
     * False if the token is not valid or names no message.
     */
    public boolean opened(String token, String userAgent, String address) {
        Optional<OutboxMessage> message = tracking.openedMessage(token).flatMap(outbox::find);
        message.ifPresent(m -> {
            OpenClassification.Opener opener = classification.classify(userAgent, address, m.sentAt(), EngineClock.now());
            if (opener.machine()) {
                record(m, MACHINE_OPEN, "", null, opener.reason());
            } else {
                record(m, "open", "", new Touchpoint(null, m.accountId(), m.template(), m.title(), Touchpoint.CHANNEL_EMAIL,
                        Touchpoint.OWNER_AUTOMATED, OPENED, "Opened \"" + m.subject() + "\". " + OPEN_NOTE, null, null, null,
                        EngineClock.now()), null);
            }
        });
        return message.isPresent();
    }

    /** Records a click and answers where it goes; empty if the token is not valid or names no message. */
    public Optional<URI> clicked(String token) {
        Optional<EmailTracking.Click> click = tracking.clicked(token);
        Optional<OutboxMessage> message = click.flatMap(c -> outbox.find(c.messageId()));
        if (message.isEmpty()) {
            return Optional.empty();
        }
        OutboxMessage m = message.get();
        String url = click.get().target().toString();
        record(m, "click", url, new Touchpoint(null, m.accountId(), m.template(), m.title(), Touchpoint.CHANNEL_EMAIL,
                Touchpoint.OWNER_AUTOMATED, CLICKED, "Clicked " + url + " in \"" + m.subject() + "\"", null, null, null,
                EngineClock.now()));
        return Optional.of(click.get().target());
    }

    /** The opens and clicks of an account's emails, the first first. */
    public List<Entry> of(long accountId) {
        return jdbc.query("""
                select e.message_id, m.template, m.title, m.subject, e.kind, e.url, e.count, e.first_at, e.last_at
                from email_engagement e join outbox_message m on m.id = e.message_id
                where m.account_id = ? order by e.first_at, e.message_id, e.kind, e.url""",
                (rs, row) -> new Entry(rs.getString("message_id"), rs.getString("template"), rs.getString("title"),
                        rs.getString("subject"), rs.getString("kind"),
                        rs.getString("url").isEmpty() ? null : rs.getString("url"), rs.getInt("count"),
                        rs.getTimestamp("first_at").toInstant(), rs.getTimestamp("last_at").toInstant()),
                accountId);
    }

    /**
     * Counts one more; the first one also goes on the timeline, in the same transaction. Two
     * requests racing for the first (a privacy proxy and the reader's client): the table's key lets
     * one insert, the other is rolled back whole and, tried again, counts a repeat.
     */
    private void record(OutboxMessage message, String kind, String url, Touchpoint first) {
        record(message, kind, url, first, null);
    }

    private void record(OutboxMessage message, String kind, String url, Touchpoint first, String reason) {
        try {
            transaction.executeWithoutResult(s -> recordOnce(message, kind, url, first, reason));
        } catch (DuplicateKeyException raced) {
            transaction.executeWithoutResult(s -> recordOnce(message, kind, url, first, reason));
        }
    }

    private void recordOnce(OutboxMessage message, String kind, String url, Touchpoint first, String reason) {
        Timestamp now = Timestamp.from(EngineClock.now());
        int repeated = jdbc.update("update email_engagement set count = count + 1, last_at = ? "
                + "where message_id = ? and kind = ? and url = ?", now, message.id(), kind, url);
        if (repeated == 0) {
            jdbc.update("insert into email_engagement (message_id, kind, url, first_at, last_at, count, reason) "
                    + "values (?, ?, ?, ?, ?, 1, ?)", message.id(), kind, url, now, now, reason);
            if (first != null) {
                touchpoints.save(first);
            }
        }
    }
}
