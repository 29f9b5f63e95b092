package io.touchline.webinar;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

import io.touchline.account.Tier;

/**
 * A live training webinar CS Ops scheduled: who is invited (the contacts of the active accounts of
 * its tiers), when it starts and where to join. processes/webinar-invitations.bpmn sends the
 * invitation and the reminders; a cancelled webinar sends nothing more.
 */
@Table("webinar")
public record Webinar(@Id Long id, String title, Instant startsAt, String joinUrl, String tiers, Status status,
        String createdBy, Instant createdAt, String cancelledBy, Instant cancelledAt) {

    public enum Status { SCHEDULED, CANCELLED }

    /** What the API shows: cancelled, held (its start has passed) or scheduled. */
    public enum State {
        SCHEDULED, HELD, CANCELLED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Webinar schedule(String title, Instant startsAt, String joinUrl, Collection<Tier> audience, String by,
            Instant now) {
        String tiers = audience.stream().distinct().sorted().map(Tier::code).collect(Collectors.joining(","));
        return new Webinar(null, title, startsAt, joinUrl, tiers, Status.SCHEDULED, by, now, null, null);
    }

    /** The tiers whose contacts are invited. */
    public List<Tier> audience() {
        return Arrays.stream(tiers.split(",")).map(String::trim).filter(code -> !code.isEmpty()).map(Tier::ofCode)
                .toList();
    }

    public boolean cancelled() {
        return status == Status.CANCELLED;
    }

    /**
     * Whole days to go, to the nearest day: 14 at the 14-day mark even when the step runs a minute
     * late, 7 at the 7-day mark. Negative once it has started.
     */
    public long daysToGo(Instant now) {
        return Math.round(Duration.between(now, startsAt).toMinutes() / (24 * 60.0));
    }

    public boolean startedBy(Instant now) {
        return !startsAt.isAfter(now);
    }

    public State state(Instant now) {
        return cancelled() ? State.CANCELLED : startedBy(now) ? State.HELD : State.SCHEDULED;
    }

    /** Nothing more is sent; a webinar that has started cannot be cancelled (the caller checks). */
    Webinar cancel(String by, Instant now) {
        return new Webinar(id, title, startsAt, joinUrl, tiers, Status.CANCELLED, createdBy, createdAt, by, now);
    }
}
