package io.touchline.journey;

import java.util.Date;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;

/**
 * Backing class of processes/event-touches.bpmn: the touches an event triggers for any tier (NPS
 * answer, success milestone, expansion indicator), and of processes/inbound-request.bpmn (a request
 * the customer sent in). Each event starts its path by message, with the account's external id as
 * business key.
 */
@Component
public class EventTouchesProcess {

    public static final String KEY = "event-touches";
    public static final String KEY_INBOUND_REQUEST = "inbound-request";
    public static final String MESSAGE_INBOUND_REQUEST = "InboundRequest";
    public static final String TASK_ANSWER_REQUEST = "Task_AnswerRequest";
    public static final String TASK_REQUEST_ESCALATION = "Task_EscalateToManager";
    public static final String MESSAGE_NPS_ANSWERED = "NpsAnswered";
    public static final String MESSAGE_MILESTONE_REACHED = "MilestoneReached";
    public static final String MESSAGE_EXPANSION_SIGNAL = "ExpansionSignal";
    public static final String VAR_TIER = "tier";
    public static final String VAR_RECEIVED_AT = "receivedAt";
    public static final String VAR_NPS_SCORE = "npsScore";
    public static final String VAR_NPS_COMMENT = "npsComment";
    public static final String VAR_MILESTONE = "milestone";
    public static final String VAR_EXPANSION_INDICATOR = "expansionIndicator";
    public static final String VAR_EXPANSION_DETAIL = "expansionDetail";

    public static final String TASK_DETRACTOR_FOLLOW_UP = "Task_DetractorFollowUp";
    public static final String SEND_ADVOCACY_ASK = "Send_AdvocacyAsk";
    public static final String TASK_CONGRATULATE = "Task_CongratulateMilestone";
    public static final String SEND_MILESTONE_CONGRATULATIONS = "Send_MilestoneCongratulations";
    public static final String SEND_MILESTONE_ADVOCACY_ASK = "Send_MilestoneAdvocacyAsk";
    public static final String TASK_EXPANSION_CONVERSATION = "Task_ExpansionConversation";
    public static final String SEND_UPGRADE_OFFER = "Send_UpgradeOffer";

    private final RuntimeService runtime;
    private final io.touchline.engine.EngineTables instances;

    EventTouchesProcess(RuntimeService runtime, io.touchline.engine.EngineTables instances) {
        this.runtime = runtime;
        this.instances = instances;
    }

    public void npsAnswered(Account account, int score, String comment) {
        start(MESSAGE_NPS_ANSWERED, account, Variables.createVariables()
                .putValue(VAR_NPS_SCORE, score).putValue(VAR_NPS_COMMENT, comment));
    }

    public void milestoneReached(Account account, String milestone) {
        start(MESSAGE_MILESTONE_REACHED, account, Variables.createVariables().putValue(VAR_MILESTONE, milestone));
    }

    public void expansionSignal(Account account, String indicator, String detail) {
        start(MESSAGE_EXPANSION_SIGNAL, account, Variables.createVariables()
                .putValue(VAR_EXPANSION_INDICATOR, indicator).putValue(VAR_EXPANSION_DETAIL, detail));
    }

    /** A request the customer sent in: a task for the owner with the tier's response time. */
    public void inboundRequest(Account account, String channel, String subject, String detail, String from) {
        start(MESSAGE_INBOUND_REQUEST, account, Variables.createVariables().putValue("requestChannel", channel)
                .putValue("requestSubject", subject).putValue("requestDetail", detail).putValue("requestFrom", from));
    }

    /** Open event touches and requests end when the account churns. */
    public void cancel(String externalId, String reason) {
        instances.processInstances(externalId, java.util.List.of(KEY, KEY_INBOUND_REQUEST), false)
                .forEach(pi -> runtime.deleteProcessInstance(pi.id(), reason, false, true));
    }

    private void start(String message, Account account, VariableMap variables) {
        runtime.createMessageCorrelation(message)
                .processInstanceBusinessKey(account.externalId())
                .setVariables(variables
                        .putValue(VAR_TIER, account.tier().code())
                        .putValue(VAR_RECEIVED_AT, Date.from(EngineClock.now())))
                .correlateStartMessage();
    }
}
