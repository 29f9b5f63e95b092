package io.touchline.journey;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Backing class of processes/health-status.dmn: healthy, watch or at-risk for a health score. */
@Component
public class HealthStatus {

    public static final String DECISION_KEY = "health-status";
    public static final String AT_RISK = "at-risk";

    private final DecisionService decisions;

    HealthStatus(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** The status for a score; {@code atRiskNow} lets the table keep an account at risk until it recovers. */
    public String of(Integer healthScore, boolean atRiskNow) {
        return decisions.evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                .putValue("healthScore", healthScore).putValue(JourneyProcess.VAR_AT_RISK, atRiskNow))
                .getSingleResult().getSingleEntry();
    }
}
