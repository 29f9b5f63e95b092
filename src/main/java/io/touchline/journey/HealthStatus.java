package io.touchline.journey;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.touchline.model.DecisionTables;

/** Backing class of processes/health-status.dmn: healthy, watch or at-risk for a health score. */
@Component
public class HealthStatus {

    public static final String DECISION_KEY = "health-status";
    public static final String AT_RISK = "at-risk";

    private final DecisionTables decisions;

    HealthStatus(DecisionTables decisions) {
        this.decisions = decisions;
    }

    /** The status for a score; {@code atRiskNow} lets the table keep an account at risk until it recovers. */
    public String of(Integer healthScore, boolean atRiskNow) {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("healthScore", healthScore);
        inputs.put(JourneyProcess.VAR_AT_RISK, atRiskNow);
        return decisions.first(DECISION_KEY, inputs).map(row -> (String) row.get("healthStatus"))
                .orElseThrow(() -> new IllegalStateException("health-status.dmn has no rule for score " + healthScore));
    }
}
