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

    public String of(Integer healthScore) {
        return decisions.evaluateDecisionTableByKey(DECISION_KEY,
                Variables.createVariables().putValue("healthScore", healthScore))
                .getSingleResult().getSingleEntry();
    }
}
