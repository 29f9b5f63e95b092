package io.touchline.messaging;

import java.time.Instant;

/**
 * An automated email as written in the engine's transaction. The id is deterministic (account +
 * activity + occurrence) and becomes the Message-ID, so a repeated step cannot send twice.
 */
public record OutboxMessage(String id, long accountId, String template, String title, String fromName,
        String fromAddress, String replyTo, String recipientName, String recipient, String subject,
        String textBody, String htmlBody, Instant createdAt, Instant nextAttemptAt, int attempts, Instant sentAt,
        Instant failedAt, String lastError, String communicationType, String unsubscribeUrl) {

    public String messageId() {
        return "<" + id.replaceAll("[^A-Za-z0-9._-]", ".") + "@touchline>";
    }
}
