package io.touchline.journey;

import java.util.Date;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Backing class of processes/renewal-countdown.bpmn, the 90/60/30/14/7-day countdown that every
 * tier journey calls. Signing is correlated here, by the account's external id.
 */
@Component
public class RenewalCountdownProcess {

    public static final String KEY = "renewal-countdown";
    public static final String MESSAGE_RENEWAL_SIGNED = "RenewalSigned";
    public static final String VAR_RENEWAL_OUTCOME = "renewalOutcome";
    public static final String VAR_NEXT_RENEWAL_DATE = "nextRenewalDate";
    public static final String VAR_RENEWAL_DATE = JourneyProcess.VAR_RENEWAL_DATE;
    public static final String OUTCOME_RENEWED = "renewed";
    public static final String OUTCOME_CHURNED = "churned";

    public static final String TIMER_90_DAYS = "Timer_Renewal90Days";
    public static final String TIMER_60_DAYS = "Timer_Renewal60Days";
    public static final String TIMER_30_DAYS = "Timer_Renewal30Days";
    public static final String TIMER_14_DAYS = "Timer_Renewal14Days";
    public static final String TIMER_7_DAYS = "Timer_Renewal7Days";
    public static final String TIMER_RENEWAL_DATE = "Timer_RenewalDate";
    public static final String SEND_VALUE_SUMMARY = "Send_ValueSummary";
    public static final String TASK_SCHEDULE_DISCUSSION = "Task_ScheduleRenewalDiscussion";
    public static final String TASK_PRESENT_PROPOSAL = "Task_PresentRenewalProposal";
    public static final String SEND_RENEWAL_URGENCY = "Send_RenewalUrgency";
    public static final String TASK_RENEWAL_ESCALATION = "Task_RenewalEscalation";
    public static final String TASK_CONFIRM_OUTCOME = "Task_ConfirmRenewalOutcome";
    public static final String END_RENEWED = "End_Renewed";
    public static final String END_NOT_RENEWED = "End_NotRenewed";
    public static final String END_SIGNED_EARLY = "End_SignedEarly";

    /** Variables a form sets that the countdown reads after the task, so they stay on the instance. */
    public static final Set<String> DECISION_VARIABLES = Set.of(VAR_RENEWAL_OUTCOME, VAR_NEXT_RENEWAL_DATE);

    private final RuntimeService runtime;

    RenewalCountdownProcess(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * The renewal is signed: a running countdown ends at once and hands the new renewal date back to
     * the journey, which starts the next term. Returns false if no countdown was running.
     */
    public boolean signed(String externalId, Date nextRenewalDate) {
        var countdowns = runtime.createProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(externalId).active().list();
        countdowns.forEach(countdown -> runtime.createMessageCorrelation(MESSAGE_RENEWAL_SIGNED)
                .processInstanceId(countdown.getId())
                .setVariable(VAR_RENEWAL_OUTCOME, OUTCOME_RENEWED)
                .setVariable(VAR_RENEWAL_DATE, nextRenewalDate)
                .correlateWithResult());
        return !countdowns.isEmpty();
    }
}
