package io.touchline.messaging;

import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailSendException;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import io.touchline.EngineClock;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Delivers the outbox over SMTP after the engine's transaction has committed: a refused or failed
 * send (4xx, server down) is retried with growing back-off, a hard bounce (5xx) suppresses the
 * address, and every delivery, bounce or give-up lands on the account's timeline.
 */
@Component
public class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 50;
    private static final int MAX_ROUNDS = 100;

    private final Outbox outbox;
    private final MailConnections connections;
    private final TouchpointRepository touchpoints;
    private final MailProperties properties;
    private final TransactionTemplate tx;
    private final boolean postgres;
    private final MeterRegistry metrics;

    OutboxDispatcher(Outbox outbox, MailConnections connections, TouchpointRepository touchpoints,
            MailProperties properties, PlatformTransactionManager transactions, DataSource dataSource,
            MeterRegistry metrics) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.connections = connections;
        this.touchpoints = touchpoints;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.postgres = isPostgres(dataSource);
    }

    /**
     * Sends every message that is due now; returns how many were delivered. Safe on several nodes:
     * each batch is claimed first (claimed_by / claimed_until), so two nodes never send the same one.
     */
    public int dispatchDue() {
        int delivered = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Instant now = EngineClock.now();
            String claim = UUID.randomUUID().toString();
            List<OutboxMessage> batch = outbox.claimDue(claim, now, now.plus(properties.outbox().claimTimeout()), BATCH);
            delivered += deliver(claim, batch);
            if (batch.size() < BATCH) {
                break;
            }
        }
        return delivered;
    }

    /**
     * Sends a claimed batch over one SMTP connection, one message after the other: each is marked
     * sent as soon as the server accepted it, so a node that dies mid-batch leaves at most the
     * message it was handing over unmarked. A message the server refuses is handled alone; a broken
     * connection leaves the rest of the batch for a retry. While it sends, the node renews its claim
     * every quarter of the claim timeout; a dead node stops renewing, and its unsent messages go to
     * another node once the timeout has passed.
     */
    private int deliver(String claim, List<OutboxMessage> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Instant now = EngineClock.now();
        // what may have changed while a message was held, for the whole batch at once
        Set<Long> inactive = outbox.inactive(batch.stream().map(OutboxMessage::accountId).distinct().toList());
        Set<String> optOuts = outbox.optOuts(batch.stream().map(OutboxMessage::recipient).toList());
        Set<String> suppressed = outbox.suppressedOf(batch.stream().map(OutboxMessage::recipient).toList());
        List<OutboxMessage> toSend = new java.util.ArrayList<>();
        for (OutboxMessage message : batch) {
            if (suppressed.contains(message.recipient().toLowerCase())) {
                outbox.markFailed(message.id(), now, "not sent: the address bounced before and is suppressed");
                onTimeline(message, "suppressed", "Not sent: " + message.recipient() + " bounced before", now);
            } else if (inactive.contains(message.accountId())) {
                outbox.markFailed(message.id(), now, "not sent: the account is no longer active");
                onTimeline(message, "cancelled", "Not sent: the account closed before it went", now);
            } else if (ContactPreferences.canOptOut(message.communicationType())
                    && optOuts.contains(message.recipient().toLowerCase() + "/" + message.communicationType())) {
                // held for the send window, and the contact opted out meanwhile
                outbox.markFailed(message.id(), now, "not sent: the contact opted out of " + message.communicationType());
                onTimeline(message, "opted-out", "Not sent: " + message.recipient() + " opted out of "
                        + message.communicationType() + " emails before it went", now);
            } else {
                toSend.add(message);
            }
        }
        if (toSend.isEmpty()) {
            return 0;
        }
        int delivered = 0;
        MailConnections.MailConnection connection;
        try {
            connection = connections.open();
        } catch (MessagingException | RuntimeException e) {
            toSend.forEach(message -> failed(message, e, now));
            return 0;
        }
        Duration timeout = properties.outbox().claimTimeout();
        Instant renewed = now;
        try (connection) {
            for (int i = 0; i < toSend.size(); i++) {
                OutboxMessage message = toSend.get(i);
                Instant before = EngineClock.now();
                if (before.isAfter(renewed.plus(timeout.dividedBy(4)))) {
                    Set<String> held = outbox.renewClaim(claim, before.plus(timeout));
                    renewed = before;
                    if (!held.contains(message.id())) {
                        log.warn("Email {} was taken over by another node while this one paused; not sent here", message.id());
                        continue;
                    }
                }
                MimeMessage mime;
                try {
                    mime = toMime(message);
                } catch (MessagingException | UnsupportedEncodingException e) {
                    failed(message, e, now);
                    continue;
                }
                try {
                    connection.send(mime);
                } catch (MessagingException | RuntimeException e) {
                    failed(message, e, now);
                    if (smtpReplyCode(e) == 0) {
                        // the connection broke: the rest of the batch waits for the next round
                        toSend.subList(i + 1, toSend.size()).forEach(rest -> failed(rest, e, now));
                        break;
                    }
                    continue;
                }
                sent(message, EngineClock.now());
                delivered++;
            }
        }
        return delivered;
    }

    /** The server took the message: marked sent and on the account's timeline, committed at once. */
    private void sent(OutboxMessage message, Instant at) {
        tx.executeWithoutResult(status -> {
            if (postgres) {
                // a node that dies after this commit has it recorded; only a crash of the database server
                // itself in the next moment could lose the mark (and send the message once more)
                outbox.commitWithoutWaitingForDisk();
            }
            outbox.markSent(message.id(), at);
            onTimeline(message, "sent", message.subject(), at);
        });
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (var connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** 5xx: hard bounce, the address is suppressed; else tried again with back-off, until max attempts. */
    private void failed(OutboxMessage message, Exception e, Instant now) {
        String error = e.getMessage();
        int code = smtpReplyCode(e);
        if (code >= 500) {
            log.warn("Email {} to {} bounced ({}): address suppressed", message.id(), message.recipient(), error);
            outbox.markFailed(message.id(), now, "hard bounce " + code + ": " + error);
            outbox.suppress(message.recipient(), message.accountId(), code + " " + error, now);
            onTimeline(message, "bounced", "Hard bounce (" + code + ") from " + message.recipient()
                    + ": the address gets no more email until it is fixed", now);
        } else if (message.attempts() + 1 >= properties.outbox().maxAttempts()) {
            log.error("Giving up on email {} to {} after {} attempts: {}", message.id(), message.recipient(),
                    message.attempts() + 1, error);
            outbox.markFailed(message.id(), now, error);
            onTimeline(message, "failed", "Not delivered after " + (message.attempts() + 1) + " attempts: " + error, now);
        } else {
            Instant next = now.plus(properties.outbox().retryBackoff().multipliedBy(1L << Math.min(message.attempts(), 10)));
            log.warn("Email {} not delivered ({}); retrying at {}", message.id(), error, next);
            outbox.markRetry(message.id(), next, error);
            count(message, "retried");
        }
    }

    private void onTimeline(OutboxMessage message, String outcome, String notes, Instant at) {
        count(message, outcome);
        touchpoints.save(new Touchpoint(null, message.accountId(), message.template(), message.title(),
                Touchpoint.CHANNEL_EMAIL, Touchpoint.OWNER_AUTOMATED, outcome, notes, null, null, null, at));
    }

    /** touchline_emails_total{outcome=sent|bounced|suppressed|opted-out|cancelled|failed|retried, type=...} */
    private void count(OutboxMessage message, String outcome) {
        metrics.counter("touchline.emails", "outcome", outcome, "type", message.communicationType()).increment();
    }

    /** The SMTP reply code of a refused send (550 hard bounce, 451 try later), or 0 if there was none. */
    static int smtpReplyCode(Throwable failure) {
        Deque<Throwable> open = new ArrayDeque<>(List.of(failure));
        Set<Throwable> seen = new HashSet<>();
        while (!open.isEmpty()) {
            Throwable t = open.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SMTPAddressFailedException address) {
                return address.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException send && send.getReturnCode() > 0) {
                return send.getReturnCode();
            }
            List<Throwable> next = new java.util.ArrayList<>();
            if (t instanceof MailSendException mail) {
                next.addAll(mail.getFailedMessages().values());
                next.addAll(List.of(mail.getMessageExceptions()));
            }
            if (t instanceof MessagingException messaging) {
                next.add(messaging.getNextException());
            }
            next.add(t.getCause());
            next.stream().filter(java.util.Objects::nonNull).forEach(open::add);
        }
        return 0;
    }

    /**
     * The message as customers get it: a text and an HTML version of the same email
     * (multipart/alternative; the outbox sends no attachments or inline images, so nothing wraps it).
     */
    private MimeMessage toMime(OutboxMessage message) throws MessagingException, UnsupportedEncodingException {
        MimeMessage mime = new FixedIdMimeMessage(connections.session(), message.messageId());
        mime.setFrom(new InternetAddress(message.fromAddress(), message.fromName(), "UTF-8"));
        if (message.replyTo() != null) {
            mime.setReplyTo(InternetAddress.parse(message.replyTo()));
        }
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.recipient(), message.recipientName(), "UTF-8"));
        mime.setSubject(message.subject(), "UTF-8");
        mime.setSentDate(java.util.Date.from(EngineClock.now()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.textBody(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.htmlBody(), "UTF-8", "html");
        mime.setContent(new MimeMultipart("alternative", text, html));
        if (message.unsubscribeUrl() != null) {
            // RFC 8058 one-click: a POST to the link unsubscribes from this communication type only
            mime.setHeader("List-Unsubscribe", "<" + message.unsubscribeUrl() + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return mime;
    }

    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

}
