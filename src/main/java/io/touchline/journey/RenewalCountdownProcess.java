package io.touchline.journey;

import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.instance.TimeDate;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.engine.EngineTables;
import io.touchline.engine.EngineTables.ProcessInstanceRow;

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

    /** The timers of the countdown's chain, in order; a re-plan re-arms the one that waits. */
    static final List<String> STEP_TIMERS = List.of(TIMER_90_DAYS, TIMER_60_DAYS, TIMER_30_DAYS, TIMER_14_DAYS,
            TIMER_7_DAYS, TIMER_RENEWAL_DATE);
    public static final String GATEWAY_JOIN = "Gateway_JoinCountdown";
    /** Human steps that run beside the calendar and may still be open. */
    static final List<String> OPEN_TOUCHES = List.of(TASK_SCHEDULE_DISCUSSION, TASK_PRESENT_PROPOSAL,
            TASK_RENEWAL_ESCALATION);
    private static final Pattern PERIOD = Pattern.compile("'(P[^']+)'");

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final Cadences cadences;
    private final EngineTables instances;

    RenewalCountdownProcess(RuntimeService runtime, RepositoryService repository, Cadences cadences,
            EngineTables instances) {
        this.instances = instances;
        this.runtime = runtime;
        this.repository = repository;
        this.cadences = cadences;
    }

    /**
     * The renewal date moved (not signed): the running countdown re-plans on the new date. If its
     * first step lies ahead again (the date moved out), it starts over from "Where are we in the
     * countdown?"; otherwise the step it waits for is re-armed on the new date, so no step is sent
     * twice and none is skipped (a step whose time has now come runs at once). Returns false if no
     * countdown runs.
     */
    public boolean renewalDateChanged(Account account) {
        Date newRenewalDate = Schedule.atLocalMorning(account.renewalDate(), account.timeZone());
        var countdowns = countdowns(account.externalId());
        for (ProcessInstanceRow countdown : countdowns) {
            runtime.setVariable(countdown.id(), VAR_RENEWAL_DATE, newRenewalDate);
            List<String> waiting = runtime.getActiveActivityIds(countdown.id()).stream()
                    .filter(id -> STEP_TIMERS.contains(id) || TASK_CONFIRM_OUTCOME.equals(id)).distinct().toList();
            var modification = runtime.createProcessInstanceModification(countdown.id());
            waiting.forEach(modification::cancelAllForActivity);
            if (firstStepAhead(countdown, account) || waiting.contains(TASK_CONFIRM_OUTCOME)) {
                // a new countdown on the new date: the old one's open touches are out of date
                runtime.getActiveActivityIds(countdown.id()).stream().distinct()
                        .filter(OPEN_TOUCHES::contains).forEach(modification::cancelAllForActivity);
                modification.startBeforeActivity(GATEWAY_JOIN);
            } else {
                waiting.forEach(modification::startBeforeActivity);
            }
            modification.execute(false, false);
        }
        return !countdowns.isEmpty();
    }

    /** The countdown steps the account's running countdown waits for (its place in the countdown). */
    public List<String> waitingSteps(String externalId) {
        return countdowns(externalId).stream()
                .flatMap(countdown -> runtime.getActiveActivityIds(countdown.id()).stream())
                .filter(STEP_TIMERS::contains).distinct().toList();
    }

    /**
     * A new journey's countdown takes over the place of the old one (after a tier change): it waits
     * for the same step instead of joining again at its band, so no step is repeated.
     */
    public void resumeAt(String externalId, List<String> steps) {
        if (steps.isEmpty()) {
            return;
        }
        for (ProcessInstanceRow countdown : countdowns(externalId)) {
            List<String> waiting = runtime.getActiveActivityIds(countdown.id()).stream()
                    .filter(STEP_TIMERS::contains).distinct().toList();
            if (waiting.equals(steps)) {
                continue;
            }
            var modification = runtime.createProcessInstanceModification(countdown.id());
            waiting.forEach(modification::cancelAllForActivity);
            steps.forEach(modification::startBeforeActivity);
            modification.execute(false, false);
        }
    }

    /** Whether the countdown's first step (its period read from the diagram) lies ahead on the new date. */
    private boolean firstStepAhead(ProcessInstanceRow countdown, Account account) {
        var model = repository.getBpmnModelInstance(countdown.processDefinitionId());
        String timeDate = model.getModelElementsByType(TimeDate.class).stream()
                .filter(t -> TIMER_90_DAYS.equals(((ModelElementInstance) t.getParentElement().getParentElement())
                        .getAttributeValue("id")))
                .map(TimeDate::getTextContent).findFirst().orElse("");
        Matcher period = PERIOD.matcher(timeDate);
        return !period.find() || Schedule.before(account.renewalDate(), period.group(1), account.timeZone(), cadences.blackouts(account.industry()))
                .toInstant().isAfter(EngineClock.now());
    }

    /** The account's running countdowns. */
    private List<ProcessInstanceRow> countdowns(String externalId) {
        return instances.processInstances(externalId, List.of(KEY), true);
    }

    /**
     * The renewal is signed: a running countdown ends at once and hands the new renewal date back to
     * the journey, which starts the next term. Returns false if no countdown was running.
     */
    public boolean signed(String externalId, Date nextRenewalDate) {
        var countdowns = countdowns(externalId);
        countdowns.forEach(countdown -> runtime.createMessageCorrelation(MESSAGE_RENEWAL_SIGNED)
                .processInstanceId(countdown.id())
                .setVariable(VAR_RENEWAL_OUTCOME, OUTCOME_RENEWED)
                .setVariable(VAR_RENEWAL_DATE, nextRenewalDate)
                .correlateWithResult());
        return !countdowns.isEmpty();
    }
}
