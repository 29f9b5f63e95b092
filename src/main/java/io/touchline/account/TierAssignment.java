package io.touchline.account;

import java.math.BigDecimal;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Backing class of processes/tier-assignment.dmn: which tier an account belongs to. */
@Component
public class TierAssignment {

    public static final String DECISION_KEY = "tier-assignment";
    static final String IN_ARR = "arr";
    static final String IN_STRATEGIC = "strategic";
    static final String IN_TRIAL = "trial";
    static final String OUT_TIER = "tier";

    private final DecisionService decisions;

    TierAssignment(DecisionService decisions) {
        this.decisions = decisions;
    }

    public Tier tierFor(BigDecimal arr, boolean strategic, boolean trial) {
        var result = decisions.evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                .putValue(IN_ARR, arr.doubleValue())
                .putValue(IN_STRATEGIC, strategic)
                .putValue(IN_TRIAL, trial));
        return Tier.ofCode(result.getSingleResult().getEntry(OUT_TIER));
    }
}
