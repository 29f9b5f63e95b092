package io.touchline.messaging;

import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Delivers the outbox over SMTP after the engine's transaction has committed: a failed send is
 * retried with growing back-off, and a delivered email lands on the account's timeline.
 */
@Component
public class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 50;

    private final Outbox outbox;
    private final JavaMailSender mailSender;
    private final TouchpointRepository touchpoints;
    private final MailProperties properties;

    OutboxDispatcher(Outbox outbox, JavaMailSender mailSender, TouchpointRepository touchpoints,
            MailProperties properties) {
        this.outbox = outbox;
        this.mailSender = mailSender;
        this.touchpoints = touchpoints;
        this.properties = properties;
    }

    /** Sends every message that is due now; returns how many were delivered. */
    public int dispatchDue() {
        int delivered = 0;
        List<OutboxMessage> due;
        do {
            due = outbox.due(EngineClock.now(), BATCH);
            for (OutboxMessage message : due) {
                if (deliver(message)) {
                    delivered++;
                }
            }
        } while (due.size() == BATCH && delivered > 0);
        return delivered;
    }

    private boolean deliver(OutboxMessage message) {
        Instant now = EngineClock.now();
        try {
            mailSender.send(toMime(message));
        } catch (MailException | MessagingException | UnsupportedEncodingException e) {
            String error = e.getMessage();
            if (message.attempts() + 1 >= properties.outbox().maxAttempts()) {
                log.error("Giving up on email {} to {} after {} attempts: {}", message.id(), message.recipient(),
                        message.attempts() + 1, error);
                outbox.markFailed(message.id(), now, error);
            } else {
                Instant next = now.plus(properties.outbox().retryBackoff().multipliedBy(1L << Math.min(message.attempts(), 10)));
                log.warn("Email {} not delivered ({}); retrying at {}", message.id(), error, next);
                outbox.markRetry(message.id(), next, error);
            }
            return false;
        }
        outbox.markSent(message.id(), now);
        touchpoints.save(new Touchpoint(null, message.accountId(), message.template(), message.title(),
                Touchpoint.CHANNEL_EMAIL, Touchpoint.OWNER_AUTOMATED, "sent", message.subject(), null, null, null, now));
        return true;
    }

    private MimeMessage toMime(OutboxMessage message) throws MessagingException, UnsupportedEncodingException {
        MimeMessage mime = new FixedIdMimeMessage(mailSender.createMimeMessage(), message.messageId());
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
        helper.setFrom(new InternetAddress(message.fromAddress(), message.fromName(), "UTF-8"));
        if (message.replyTo() != null) {
            helper.setReplyTo(message.replyTo());
        }
        helper.setTo(new InternetAddress(message.recipient(), message.recipientName(), "UTF-8"));
        helper.setSubject(message.subject());
        helper.setSentDate(java.util.Date.from(EngineClock.now()));
        helper.setText(message.textBody(), message.htmlBody());
        return mime;
    }

    /** Keeps the outbox id as Message-ID instead of the random one Jakarta Mail would generate. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(MimeMessage template, String messageId) {
            super((Session) template.getSession());
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

}
