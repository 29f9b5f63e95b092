package io.touchline.journey;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import io.touchline.account.Account;

/**
 * Backing class of processes/at-risk-escalation.bpmn: a human intervention when an account's
 * health falls below the at-risk threshold, escalated to the CS manager when overdue.
 */
@Component
public class AtRiskEscalationProcess {

    public static final String KEY = "at-risk-escalation";
    public static final String TASK_INTERVENTION = "Task_AtRiskIntervention";
    public static final String TIMER_OVERDUE = "Timer_InterventionOverdue";
    public static final String TASK_ESCALATION = "Task_EscalateToManager";
    public static final String END_INTERVENED = "End_Intervened";

    private final RuntimeService runtime;
    private final io.touchline.engine.EngineTables instances;

    AtRiskEscalationProcess(RuntimeService runtime, io.touchline.engine.EngineTables instances) {
        this.runtime = runtime;
        this.instances = instances;
    }

    public boolean isRunning(String externalId) {
        return !instances.processInstances(externalId, java.util.List.of(KEY), true).isEmpty();
    }

    /** Starts an escalation unless one is already under way for the account. */
    public boolean startFor(Account account) {
        if (isRunning(account.externalId())) {
            return false;
        }
        runtime.createProcessInstanceByKey(KEY).businessKey(account.externalId())
                .setVariable(JourneyProcess.VAR_HEALTH_SCORE, account.healthScore())
                .execute();
        return true;
    }

    public void cancel(String externalId, String reason) {
        instances.processInstances(externalId, java.util.List.of(KEY), false)
                .forEach(pi -> runtime.deleteProcessInstance(pi.id(), reason, false, true));
    }
}
