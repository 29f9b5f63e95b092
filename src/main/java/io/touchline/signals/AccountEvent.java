package io.touchline.signals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.touchline.web.OneLine;

/**
 * Something that happened to an account, pushed by the CRM, billing, product analytics or the NPS
 * tool. Every event carries its sender's id (a repeat is harmless) and when it happened.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(AccountEvent.HealthScore.class),
        @JsonSubTypes.Type(AccountEvent.NpsAnswer.class),
        @JsonSubTypes.Type(AccountEvent.MilestoneReached.class),
        @JsonSubTypes.Type(AccountEvent.ExpansionSignal.class),
        @JsonSubTypes.Type(AccountEvent.RenewalSigned.class),
        @JsonSubTypes.Type(AccountEvent.RenewalDateChanged.class),
        @JsonSubTypes.Type(AccountEvent.RhythmRequested.class),
        @JsonSubTypes.Type(AccountEvent.Churned.class),
        @JsonSubTypes.Type(AccountEvent.CommercialsChanged.class),
        @JsonSubTypes.Type(AccountEvent.InboundRequest.class),
        @JsonSubTypes.Type(AccountEvent.ExternalTouch.class)})
@Schema(description = "An account event; `type` says which", discriminatorProperty = "type",
        oneOf = {AccountEvent.HealthScore.class, AccountEvent.NpsAnswer.class, AccountEvent.MilestoneReached.class,
                AccountEvent.ExpansionSignal.class, AccountEvent.RenewalSigned.class, AccountEvent.RenewalDateChanged.class,
                AccountEvent.RhythmRequested.class, AccountEvent.Churned.class,
                AccountEvent.CommercialsChanged.class, AccountEvent.InboundRequest.class, AccountEvent.ExternalTouch.class})
public sealed interface AccountEvent {

    String ID_PATTERN = "[A-Za-z0-9._:/-]+";

    String eventId();

    Instant occurredAt();

    /** The type name as sent. */
    default String type() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** How the account's timeline names it. */
    String title();

    /** State signals set the account's state, so an older one must not overwrite a newer one. */
    default boolean setsState() {
        return false;
    }

    @JsonTypeName("health-score")
    @Schema(name = "HealthScoreEvent")
    record HealthScore(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "35") @NotNull @Min(0) @Max(100) Integer score) implements AccountEvent {
        @Override
        public String title() {
            return "Health score " + score;
        }

        @Override
        public boolean setsState() {
            return true;
        }
    }

    @JsonTypeName("nps-answer")
    @Schema(name = "NpsAnswerEvent")
    record NpsAnswer(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "9") @NotNull @Min(0) @Max(10) Integer score,
            @Size(max = 2000) String comment) implements AccountEvent {
        @Override
        public String title() {
            return "NPS answer " + score;
        }
    }

    @JsonTypeName("milestone-reached")
    @Schema(name = "MilestoneReachedEvent")
    record MilestoneReached(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "First 100 active users") @NotBlank @Size(max = 200) @OneLine String milestone) implements AccountEvent {
        @Override
        public String title() {
            return "Milestone reached: " + milestone;
        }
    }

    @JsonTypeName("expansion-signal")
    @Schema(name = "ExpansionSignalEvent")
    record ExpansionSignal(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "usage-limit", allowableValues = {"usage-limit", "engagement-spike", "seats-added"})
            @NotNull @Pattern(regexp = "usage-limit|engagement-spike|seats-added",
                    message = "must be usage-limit, engagement-spike or seats-added") String indicator,
            @Size(max = 500) String detail) implements AccountEvent {
        @Override
        public String title() {
            return "Expansion indicator: " + indicator;
        }
    }

    @JsonTypeName("renewal-signed")
    @Schema(name = "RenewalSignedEvent")
    record RenewalSigned(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "2028-11-30", description = "End of the new term") @NotNull LocalDate renewalDate)
            implements AccountEvent {
        @Override
        public String title() {
            return "Renewal signed until " + renewalDate;
        }

        @Override
        public boolean setsState() {
            return true;
        }
    }

    @JsonTypeName("renewal-date-changed")
    @Schema(name = "RenewalDateChangedEvent")
    record RenewalDateChanged(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "2027-09-30", description = "The new renewal date (not signed)") @NotNull LocalDate renewalDate)
            implements AccountEvent {
        @Override
        public String title() {
            return "Renewal date moved to " + renewalDate;
        }

        @Override
        public boolean setsState() {
            return true;
        }
    }

    @JsonTypeName("rhythm-requested")
    @Schema(name = "RhythmRequestedEvent")
    record RhythmRequested(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "check-in", description = "check-in, business-review, value-summary, dashboard-digest, "
                    + "product-tips (which ones a tier may change: cadence-guidelines.dmn)")
            @NotBlank @Size(max = 40) String cadence,
            @Schema(example = "P28D", description = "The new period (ISO-8601); absent: back to the tier's default")
            @Size(max = 20) String every,
            @Size(max = 200) String reason) implements AccountEvent {
        @Override
        public String title() {
            return "Rhythm of " + cadence + (every == null ? " back to default" : " set to every " + every);
        }
    }

    @JsonTypeName("inbound-request")
    @Schema(name = "InboundRequestEvent", description = "The customer asked something (a support ticket, an email, "
            + "a call): the owner answers within the tier's response time (inbound-response-time.dmn), else the CS "
            + "managers are asked to step in")
    record InboundRequest(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "support-ticket", allowableValues = {"support-ticket", "email", "phone", "chat", "other"})
            @NotNull @Pattern(regexp = "support-ticket|email|phone|chat|other",
                    message = "must be support-ticket, email, phone, chat or other") String channel,
            @Schema(example = "Export to the data warehouse fails since Monday") @NotBlank @Size(max = 200) @OneLine
            String subject,
            @Size(max = 4000) String detail,
            @Schema(example = "Jamie Customer <jamie@customer.example>") @Size(max = 200) @OneLine String from)
            implements AccountEvent {
        @Override
        public String title() {
            return "Inbound request: " + subject;
        }
    }

    @JsonTypeName("external-touch")
    @Schema(name = "ExternalTouchEvent", description = "Another team touched the account (support, marketing, product): "
            + "on the timeline, toward the one-touch-a-month minimum, and, for an email, toward its contacts' frequency "
            + "cap (unless it answered their request or was an account notice: kinds reactive, transactional)")
    record ExternalTouch(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Schema(example = "email", allowableValues = {"email", "phone", "video-call", "in-app", "webinar", "community",
                    "in-person", "chat", "other"})
            @NotNull @Pattern(regexp = "email|phone|video-call|in-app|webinar|community|in-person|chat|other",
                    message = "must be email, phone, video-call, in-app, webinar, community, in-person, chat or other")
            String channel,
            @Schema(example = "promotional", allowableValues = {"proactive", "reactive", "educational", "transactional",
                    "promotional"})
            @NotNull @Pattern(regexp = "proactive|reactive|educational|transactional|promotional",
                    message = "must be proactive, reactive, educational, transactional or promotional") String kind,
            @Schema(example = "marketing", description = "Who made it: support, marketing, product, sales, ...")
            @NotBlank @Size(max = 80) @OneLine String team,
            @Schema(example = "November newsletter") @NotBlank @Size(max = 200) @OneLine String title,
            @Schema(description = "For an email: the contacts it reached (all the account's contacts if absent)")
            @Size(max = 50) java.util.List<@NotBlank @jakarta.validation.constraints.Email @Size(max = 254) String> recipients)
            implements AccountEvent {
        @Override
        public String title() {
            return title + " (" + team + ", " + channel + ")";
        }
    }

    @JsonTypeName("churned")
    @Schema(name = "ChurnedEvent")
    record Churned(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @Size(max = 500) String reason) implements AccountEvent {
        @Override
        public String title() {
            return "Account churned";
        }
    }

    @JsonTypeName("commercials-changed")
    @Schema(name = "CommercialsChangedEvent")
    record CommercialsChanged(@NotBlank @Size(max = 120) @Pattern(regexp = ID_PATTERN) String eventId, @NotNull Instant occurredAt,
            @DecimalMin(value = "0", message = "must not be negative") BigDecimal arr, Boolean strategic, Boolean trial,
            @Size(max = 64) String csm, @Size(max = 64) String pod,
            @Schema(example = "Retail", description = "Industry as the CRM names it; an empty text: not known any more")
            @Size(max = 80) String industry) implements AccountEvent {
        @Override
        public String title() {
            return "Account changed (ARR, flags, owners or industry)";
        }

        @Override
        public boolean setsState() {
            return true;
        }
    }
}
