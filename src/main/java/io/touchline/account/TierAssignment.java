package io.touchline.account;

import java.math.BigDecimal;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.touchline.model.DecisionTables;

/** Backing class of processes/tier-assignment.dmn: which tier an account belongs to. */
@Component
public class TierAssignment {

    public static final String DECISION_KEY = "tier-assignment";
    static final String IN_ARR = "arr";
    static final String IN_STRATEGIC = "strategic";
    static final String IN_TRIAL = "trial";
    static final String IN_INDUSTRY = "industry";
    static final String OUT_TIER = "tier";

    private final DecisionTables decisions;

    TierAssignment(DecisionTables decisions) {
        this.decisions = decisions;
    }

    /** The tier of an account; {@code industry} is null when the CRM does not know it. */
    public Tier tierFor(BigDecimal arr, boolean strategic, boolean trial, String industry) {
        Map<String, Object> inputs = new java.util.HashMap<>();
        inputs.put(IN_ARR, arr.doubleValue());
        inputs.put(IN_STRATEGIC, strategic);
        inputs.put(IN_TRIAL, trial);
        inputs.put(IN_INDUSTRY, industry);
        var result = decisions.single(DECISION_KEY, inputs)
                .orElseThrow(() -> new IllegalStateException("tier-assignment.dmn has no rule for ARR " + arr));
        return Tier.ofCode((String) result.get(OUT_TIER));
    }
}
