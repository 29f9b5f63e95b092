package io.touchline.touchpoint;

import java.util.List;

import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.journey.Cadences;
import io.touchline.model.DecisionTables;

/**
 * Backing class of processes/engagement-rule.dmn: after a check-in call, repeated no-shows step the
 * account's check-in rhythm down to the longest period its tier allows, and eager engagement steps
 * it back up. Each change is written on the timeline.
 */
@Component
class Engagement {

    static final String DECISION_KEY = "engagement-rule";
    static final String CHECK_IN_FORM = "check-in-call";
    static final String CHECK_IN_CADENCE = "check-in";
    static final String STEP_DOWN_REASON = "stepped down after repeated no-shows";

    private final DecisionTables decisions;
    private final Cadences cadences;
    private final TouchpointRepository touchpoints;

    Engagement(DecisionTables decisions, Cadences cadences, TouchpointRepository touchpoints) {
        this.decisions = decisions;
        this.cadences = cadences;
        this.touchpoints = touchpoints;
    }

    void afterCheckIn(Account account) {
        List<String> outcomes = touchpoints.findByAccountIdAndKindOrderByOccurredAtDescIdDesc(account.id(), CHECK_IN_FORM)
                .stream().map(Touchpoint::outcome).toList();
        boolean steppedDown = cadences.reason(account, CHECK_IN_CADENCE).map(STEP_DOWN_REASON::equals).orElse(false);
        String action = decisions.first(DECISION_KEY, java.util.Map.of("steppedDown", steppedDown,
                "noShowsInARow", inARow(outcomes, "no-show"), "heldInARow", inARow(outcomes, "held")))
                .map(row -> (String) row.get("action"))
                .orElseThrow(() -> new IllegalStateException("engagement-rule.dmn has no rule for these outcomes"));
        if ("step-down".equals(action)) {
            cadences.guideline(account, CHECK_IN_CADENCE).ifPresent(guideline -> {
                cadences.set(account, CHECK_IN_CADENCE, guideline.longest(), STEP_DOWN_REASON);
                note(account, "Check-in rhythm stepped down to every " + guideline.longest() + " after no-shows in a row");
            });
        } else if ("step-up".equals(action)) {
            cadences.reset(account, CHECK_IN_CADENCE);
            note(account, "Check-in rhythm back to the tier's default: the customer engages again");
        }
    }

    private static int inARow(List<String> newestFirst, String outcome) {
        int n = 0;
        while (n < newestFirst.size() && outcome.equals(newestFirst.get(n))) {
            n++;
        }
        return n;
    }

    private void note(Account account, String title) {
        touchpoints.save(new Touchpoint(null, account.id(), "cadence-change", title, "system", Touchpoint.OWNER_AUTOMATED,
                null, null, null, null, null, EngineClock.now()));
    }
}
