package io.touchline.touchpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.journey.Cadences;
import io.touchline.journey.JourneyProcess;
import io.touchline.model.DecisionTables;

/**
 * "How often should we reach out?", answered by a contact with one click in a check-in email:
 * rhythm-feedback.dmn says which cadence moves and where (the longest or shortest period
 * cadence-guidelines.dmn allows the tier, or the default), the same rhythm rules no-shows feed. The
 * answer and any change are on each of the contact's accounts' timelines.
 */
@Component
public class RhythmFeedback {

    public static final String DECISION_KEY = "rhythm-feedback";
    public static final List<String> ANSWERS = List.of("too-often", "about-right", "not-often-enough");
    static final String KIND = "rhythm-feedback";

    private final JdbcTemplate jdbc;
    private final AccountRepository accounts;
    private final DecisionTables decisions;
    private final Cadences cadences;
    private final JourneyProcess journeys;
    private final TouchpointRepository touchpoints;

    RhythmFeedback(JdbcTemplate jdbc, AccountRepository accounts, DecisionTables decisions, Cadences cadences,
            JourneyProcess journeys, TouchpointRepository touchpoints) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.decisions = decisions;
        this.cadences = cadences;
        this.journeys = journeys;
        this.touchpoints = touchpoints;
    }

    /** The contact's last answer, if they gave one. */
    public Optional<String> lastAnswer(String email) {
        return jdbc.queryForList("select t.outcome from touchpoint t join contact c on c.account_id = t.account_id "
                + "where lower(c.email) = ? and t.kind = ? and t.owner = ? order by t.occurred_at desc, t.id desc",
                String.class, email.toLowerCase(), KIND, email.toLowerCase()).stream().findFirst();
    }

    /** Records the answer for every active account the contact belongs to; returns what changed, per account. */
    @Transactional
    public List<String> answer(String email, String answer) {
        if (!ANSWERS.contains(answer)) {
            throw new IllegalArgumentException("Unknown answer " + answer);
        }
        String address = email.toLowerCase();
        List<String> changes = new java.util.ArrayList<>();
        for (Long id : jdbc.queryForList("select distinct account_id from contact where lower(email) = ?", Long.class, address)) {
            Account account = accounts.findById(id).filter(Account::isActive).orElse(null);
            if (account == null) {
                continue;
            }
            Map<String, Object> row = decisions.first(DECISION_KEY, Map.of("customerSays", answer))
                    .orElseThrow(() -> new IllegalStateException("rhythm-feedback.dmn has no rule for " + answer));
            String cadence = (String) row.get("cadence");
            String action = (String) row.get("action");
            String change = apply(account, cadence, action, answer);
            touchpoints.save(new Touchpoint(null, account.id(), KIND, "How often should we reach out? "
                    + label(answer), "email", address, answer, change, null, null, null, EngineClock.now()));
            changes.add(change);
        }
        return changes;
    }

    private String apply(Account account, String cadence, String action, String answer) {
        Optional<Cadences.Guideline> guideline = cadences.guideline(account, cadence);
        String reason = "asked by the customer: " + label(answer).toLowerCase(java.util.Locale.ROOT);
        String period = switch (action) {
            case "longest" -> guideline.map(Cadences.Guideline::longest).orElse(null);
            case "shortest" -> guideline.map(Cadences.Guideline::shortest).orElse(null);
            default -> null;
        };
        if (period != null) {
            cadences.set(account, cadence, period, reason);
        } else if ("default".equals(action)) {
            cadences.reset(account, cadence);
        } else {
            return guideline.isEmpty() && !"none".equals(action)
                    ? "No change: the " + account.tier().code() + " " + cadence + " rhythm is not one a customer can change"
                    : "No change to the rhythm";
        }
        journeys.cadenceChanged(account.externalId(), cadence);
        return "The " + cadence + " rhythm is now " + cadences.override(account, cadence).map(p -> "every " + p)
                .orElse("the tier's default") + " (" + reason + ")";
    }

    static String label(String answer) {
        return switch (answer) {
            case "too-often" -> "Too often";
            case "not-often-enough" -> "Not often enough";
            default -> "About right";
        };
    }
}
