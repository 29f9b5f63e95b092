package io.touchline.touchpoint;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A touch that happened: an email delivered, a call held (or a no-show), a review, an escalation.
 * {@code kind} is the form id or template name, {@code title} the step's name in the diagram.
 */
@Table("touchpoint")
public record Touchpoint(@Id Long id, Long accountId, String kind, String title, String channel, String owner,
        String outcome, String notes, String nextSteps, String healthAssessment, String details,
        Instant occurredAt) {

    public static final String CHANNEL_EMAIL = "email";
    public static final String OWNER_AUTOMATED = "automated";
}
