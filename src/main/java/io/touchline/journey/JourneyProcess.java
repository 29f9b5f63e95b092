package io.touchline.journey;

import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.Tier;

/**
 * Backing class of the four tier journeys (processes/journey-*-touch.bpmn), which share one
 * skeleton: the process keys, the variables they read, the churn message, and the one place that
 * starts, moves and correlates them. A journey's business key is the account's external id.
 */
@Component
public class JourneyProcess {

    private static final Map<Tier, String> KEYS = new EnumMap<>(Map.of(
            Tier.HIGH_TOUCH, "journey-high-touch",
            Tier.MEDIUM_TOUCH, "journey-medium-touch",
            Tier.LOW_TOUCH, "journey-low-touch",
            Tier.TECH_TOUCH, "journey-tech-touch"));

    public static final String VAR_ENROLLED_AT = "enrolledAt";
    public static final String VAR_RENEWAL_DATE = "renewalDate";
    public static final String VAR_DAYS_AS_CUSTOMER = "daysAsCustomer";
    /** The day the account became a customer (09:00 its time): the adoption stage reckons its first year from it. */
    public static final String VAR_CUSTOMER_SINCE = "customerSince";
    /** The account's ARR, for gateways such as "Justifies a yearly business review?". */
    public static final String VAR_ARR = "arr";
    public static final String VAR_HEALTH_SCORE = "healthScore";
    /** True while the account is at risk: the gateways the diagrams mark pause their emails (nurture, promotions). */
    public static final String VAR_AT_RISK = "atRisk";
    public static final String MESSAGE_ACCOUNT_CHURNED = "AccountChurned";

    public static final String START_ENROLLED = "Start_Enrolled";
    public static final String SUBPROCESS_ONBOARDING = "SubProcess_Onboarding";
    public static final String SUBPROCESS_TERM = "SubProcess_Term";
    public static final String CALL_RENEWAL_COUNTDOWN = "CallActivity_RenewalCountdown";
    public static final String END_CHURNED = "End_Churned";
    public static final String END_CHURNED_BY_EVENT = "End_ChurnedByEvent";

    /** A running journey as the API shows it. */
    public record Journey(String processDefinitionKey, String processInstanceId, String businessKey) {
    }

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final RenewalCountdownProcess countdowns;
    private final PlanChanges plans;
    private final io.touchline.engine.EngineTables instances;

    private final io.touchline.experiment.Experiments experiments;

    JourneyProcess(RuntimeService runtime, RepositoryService repository, RenewalCountdownProcess countdowns,
            PlanChanges plans, io.touchline.engine.EngineTables instances, io.touchline.experiment.Experiments experiments) {
        this.experiments = experiments;
        this.instances = instances;
        this.plans = plans;
        this.runtime = runtime;
        this.repository = repository;
        this.countdowns = countdowns;
    }

    public static String keyOf(Tier tier) {
        return KEYS.get(tier);
    }

    public static Collection<String> keys() {
        return KEYS.values();
    }

    public Journey start(Account account) {
        experiments.joinRunning(account); // before the journey's first loop asks for its period
        ProcessInstance instance = runtime.createProcessInstanceByKey(keyOf(account.tier()))
                .businessKey(account.externalId())
                .setVariables(Variables.createVariables()
                        .putValue(VAR_ENROLLED_AT, Date.from(EngineClock.now()))
                        .putValue(VAR_RENEWAL_DATE, Schedule.atLocalMorning(account.renewalDate(), account.timeZone()))
                        .putValue(VAR_DAYS_AS_CUSTOMER,
                                (int) account.daysAsCustomer(EngineClock.today(account.timeZone())))
                        .putValue(VAR_CUSTOMER_SINCE, Schedule.atLocalMorning(account.customerSince(), account.timeZone()))
                        .putValue(VAR_ARR, account.arr().doubleValue())
                        .putValue(VAR_HEALTH_SCORE, account.healthScore())
                        .putValue(VAR_AT_RISK, account.atRisk()))
                .execute();
        return new Journey(keyOf(account.tier()), instance.getId(), instance.getBusinessKey());
    }

    public Optional<Journey> running(String externalId) {
        return instances.processInstances(externalId, KEYS.values(), true).stream()
                .map(pi -> new Journey(pi.processDefinitionKey(), pi.id(), pi.businessKey()))
                .findFirst();
    }

    /**
     * The account changed tier: its old journey ends (open tasks close with the reason) and the new
     * tier's journey starts; the journey's own stage gateway skips onboarding for established
     * customers, and its countdown waits for the step the old one waited for (none repeated).
     */
    public Journey moveToTier(Account account, Tier from) {
        List<String> countdownPlace = countdowns.waitingSteps(account.externalId());
        running(account.externalId()).ifPresent(old -> runtime.deleteProcessInstance(old.processInstanceId(),
                "Tier changed from " + from.code() + " to " + account.tier().code(), false, true));
        Journey journey = start(account);
        countdowns.resumeAt(account.externalId(), countdownPlace);
        return journey;
    }

    public void healthChanged(Account account) {
        plans.changed(account.externalId());
        running(account.externalId()).ifPresent(j -> runtime.setVariables(j.processInstanceId(), Variables.createVariables()
                .putValue(VAR_HEALTH_SCORE, account.healthScore()).putValue(VAR_AT_RISK, account.atRisk())));
    }

    /** Who gets the account's human touches changed: its planned touches go to the new owners. */
    public void ownersChanged(Account account) {
        plans.changed(account.externalId());
    }

    /** The ARR changed within the tier: the running journey's gateways read the new one. */
    public void arrChanged(Account account) {
        plans.changed(account.externalId());
        running(account.externalId()).ifPresent(j -> runtime.setVariable(j.processInstanceId(), VAR_ARR,
                account.arr().doubleValue()));
    }

    public void renewalDateChanged(Account account) {
        plans.changed(account.externalId());
        running(account.externalId()).ifPresent(j -> runtime.setVariable(j.processInstanceId(), VAR_RENEWAL_DATE,
                Schedule.atLocalMorning(account.renewalDate(), account.timeZone())));
    }

    /**
     * A cadence's rhythm changed: a loop timer of that cadence that is waiting now is armed again,
     * so the next touch follows the new rhythm from today.
     */
    public void cadenceChanged(String externalId, String cadence) {
        plans.changed(externalId);
        running(externalId).ifPresent(journey -> {
            var instance = instances.processInstances(externalId, List.of(journey.processDefinitionKey()), true).stream()
                    .filter(pi -> pi.id().equals(journey.processInstanceId())).findFirst().orElseThrow();
            var model = repository.getBpmnModelInstance(instance.processDefinitionId());
            List<String> timers = runtime.getActiveActivityIds(journey.processInstanceId()).stream().distinct()
                    .filter(id -> model.getModelElementById(id) instanceof IntermediateCatchEvent event
                            && event.getEventDefinitions().stream().anyMatch(d -> d instanceof TimerEventDefinition t
                                    && t.getTimeDate() != null
                                    && t.getTimeDate().getTextContent().contains("'" + cadence + "'")))
                    .toList();
            if (!timers.isEmpty()) {
                var modification = runtime.createProcessInstanceModification(journey.processInstanceId());
                timers.forEach(id -> modification.cancelAllForActivity(id).startBeforeActivity(id));
                modification.execute(false, false);
            }
        });
    }

    /** Ends the journey wherever it is (the journeys' "Account churned or closed" event). */
    public boolean churned(String externalId) {
        return running(externalId).map(j -> {
            runtime.createMessageCorrelation(MESSAGE_ACCOUNT_CHURNED)
                    .processInstanceId(j.processInstanceId())
                    .correlateWithResult();
            return true;
        }).orElse(false);
    }
}
