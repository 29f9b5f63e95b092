package io.touchline.touchpoint;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import io.touchline.account.Account;

/** An account's timeline: the touchpoints done, oldest first. */
@Component
public class Timeline {

    public record Entry(Instant time, String kind, String title, String channel, String owner, String outcome,
            String notes, String nextSteps, String healthAssessment, String details) {
    }

    private final TouchpointRepository touchpoints;

    Timeline(TouchpointRepository touchpoints) {
        this.touchpoints = touchpoints;
    }

    public List<Entry> of(Account account) {
        return touchpoints.findByAccountIdOrderByOccurredAtAscIdAsc(account.id()).stream()
                .map(t -> new Entry(t.occurredAt(), t.kind(), t.title(), t.channel(), t.owner(), t.outcome(),
                        t.notes(), t.nextSteps(), t.healthAssessment(), t.details()))
                .toList();
    }
}
