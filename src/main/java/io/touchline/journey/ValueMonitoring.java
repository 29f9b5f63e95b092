package io.touchline.journey;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.HealthHistory;
import io.touchline.model.DecisionTables;

/**
 * Backing class of processes/value-monitoring.dmn, the step "Check the account's value signals" of
 * the Tier 1 journey's weekly loop: sets {@value #VAR_SIGNAL} to why the dedicated CSM should reach
 * out this week, or removes it when the table sees no reason. The diagram's gateway reads it.
 */
@Component("checkValueSignals")
public class ValueMonitoring implements JavaDelegate {

    public static final String DECISION_KEY = "value-monitoring";
    public static final String VAR_SIGNAL = "valueSignal";
    static final Duration WEEK = Duration.ofDays(7);

    private final AccountRepository accounts;
    private final HealthStatus health;
    private final HealthHistory history;
    private final DecisionTables decisions;

    ValueMonitoring(AccountRepository accounts, HealthStatus health, HealthHistory history, DecisionTables decisions) {
        this.accounts = accounts;
        this.health = health;
        this.history = history;
        this.decisions = decisions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Account account = accounts.findByExternalId(execution.getProcessBusinessKey())
                .orElseThrow(() -> new IllegalStateException("No account " + execution.getProcessBusinessKey()));
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("healthStatus", health.of(account.healthScore(), account.atRisk()));
        inputs.put("healthChange", history.change(account, WEEK).orElse(null));
        var row = decisions.first(DECISION_KEY, inputs)
                .orElseThrow(() -> new IllegalStateException("value-monitoring.dmn has no rule for " + inputs));
        if (Boolean.TRUE.equals(row.get("reachOut"))) {
            execution.setVariableLocal(VAR_SIGNAL, row.get("signal"));
        } else {
            execution.removeVariableLocal(VAR_SIGNAL);
        }
    }
}
