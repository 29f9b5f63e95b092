package io.touchline.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * touchline.mail.* and touchline.outbox.*: who automated emails come from and how the outbox delivers;
 * touchline.product-url: where the emails' calls to action lead (the product itself).
 */
@ConfigurationProperties("touchline")
public record MailProperties(String productName, String productUrl, Mail mail, Outbox outbox) {

    public record Mail(String fromAddress, String teamName) {
    }

    /**
     * pollInterval 0 switches the background dispatcher off (tests call it themselves);
     * claimTimeout is how long a node holds a batch before another node may take it over.
     */
    public record Outbox(Duration pollInterval, int maxAttempts, Duration retryBackoff, Duration claimTimeout) {
        public Outbox {
            claimTimeout = claimTimeout != null ? claimTimeout : Duration.ofSeconds(30);
        }
    }
}
