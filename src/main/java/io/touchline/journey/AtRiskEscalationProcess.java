package io.touchline.journey;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import io.touchline.account.Account;

/**
 * Backing class of processes/at-risk-escalation.bpmn: a human intervention when an account's
 * health falls below the at-risk threshold, on top of the tier's own touches, escalated to the CS
 * manager when overdue; the diagram decides by tier (variable {@code tier}) whether weekly recovery
 * check-ins follow, and the escalation ends when the account recovers (message {@code AccountRecovered}).
 */
@Component
public class AtRiskEscalationProcess {

    public static final String KEY = "at-risk-escalation";
    public static final String TASK_INTERVENTION = "Task_AtRiskIntervention";
    public static final String TIMER_OVERDUE = "Timer_InterventionOverdue";
    public static final String TASK_ESCALATION = "Task_EscalateToManager";
    public static final String END_INTERVENED = "End_Intervened";
    public static final String TASK_RECOVERY_CHECK_IN = "Task_RecoveryCheckIn";
    public static final String END_BACK_TO_RHYTHM = "End_BackToRhythm";
    public static final String MESSAGE_RECOVERED = "AccountRecovered";
    public static final String VAR_TIER = "tier";

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
                .setVariable(VAR_TIER, account.tier().code())
                .execute();
        return true;
    }

    /** The account recovered: its escalation, with any recovery check-ins still to come, ends. */
    public void recovered(String externalId) {
        instances.processInstances(externalId, java.util.List.of(KEY), true).forEach(pi ->
                runtime.createMessageCorrelation(MESSAGE_RECOVERED).processInstanceId(pi.id()).correlateAll());
    }

    /** The account moved tier while at risk: the escalation's choices follow the new tier. */
    public void tierChanged(Account account) {
        instances.processInstances(account.externalId(), java.util.List.of(KEY), false)
                .forEach(pi -> runtime.setVariable(pi.id(), VAR_TIER, account.tier().code()));
    }

    public void cancel(String externalId, String reason) {
        instances.processInstances(externalId, java.util.List.of(KEY), false)
                .forEach(pi -> runtime.deleteProcessInstance(pi.id(), reason, false, true));
    }
}
