package io.touchline.webinar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import jakarta.el.ELException;
import jakarta.el.ExpressionFactory;
import jakarta.el.StandardELContext;

/**
 * Backing class of processes/webinar-invitations.bpmn: one instance per webinar, business key
 * {@code webinar-<id>}. Starts it, stops it when the webinar is cancelled, and tells which sends
 * ran and which are planned.
 */
@Component
public class WebinarInvitationsProcess {

    public static final String KEY = "webinar-invitations";
    public static final String BUSINESS_KEY_PREFIX = "webinar-";
    public static final String VAR_WEBINAR_ID = "webinarId";
    /** Days from scheduling to the start (to the nearest day): the "How much notice?" gateway picks the reminders by it. */
    public static final String VAR_DAYS_NOTICE = "daysNotice";
    public static final String MESSAGE_WEBINAR_CANCELLED = "WebinarCancelled";

    public static final String TIMER_14_DAYS_BEFORE = "Timer_14DaysBefore";
    public static final String SEND_INVITATIONS = "Send_Invitations";
    public static final String GATEWAY_NOTICE = "Gateway_Notice";
    public static final String TIMER_7_DAYS_BEFORE = "Timer_7DaysBefore";
    public static final String SEND_WEEK_REMINDERS = "Send_WeekReminders";
    public static final String TIMER_1_DAY_BEFORE = "Timer_1DayBefore";
    public static final String SEND_DAY_REMINDERS = "Send_DayReminders";
    public static final String TIMER_WEBINAR_STARTS = "Timer_WebinarStarts";
    public static final String END_WEBINAR_HELD = "End_WebinarHeld";
    public static final String END_SENDS_STOPPED = "End_SendsStopped";

    /** A send step of the diagram and when it ran or will run (each contact's email then waits for their send window). */
    public record Send(String step, String name, Instant at) {
    }

    private static final ExpressionFactory EL = ExpressionFactory.newInstance();

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final HistoryService history;
    private final WebinarSchedule schedule;

    WebinarInvitationsProcess(RuntimeService runtime, RepositoryService repository, HistoryService history,
            WebinarSchedule schedule) {
        this.runtime = runtime;
        this.repository = repository;
        this.history = history;
        this.schedule = schedule;
    }

    public static String businessKey(long webinarId) {
        return BUSINESS_KEY_PREFIX + webinarId;
    }

    public void start(Webinar webinar) {
        long daysNotice = webinar.daysToGo(EngineClock.now());
        runtime.createProcessInstanceByKey(KEY).businessKey(businessKey(webinar.id()))
                .setVariables(Variables.createVariables()
                        .putValue(VAR_WEBINAR_ID, webinar.id())
                        .putValue(VAR_DAYS_NOTICE, (int) daysNotice))
                .execute();
    }

    /** The webinar was cancelled: its instance ends at "No more sends". False if none was running. */
    public boolean cancelled(Webinar webinar) {
        return running(webinar).map(instance -> {
            runtime.createMessageCorrelation(MESSAGE_WEBINAR_CANCELLED).processInstanceId(instance.getId())
                    .correlateWithResult();
            return true;
        }).orElse(false);
    }

    /** The send steps that ran, in order. */
    public List<Send> sent(Webinar webinar) {
        List<Send> sent = new ArrayList<>();
        history.createHistoricProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(businessKey(webinar.id())).list()
                .forEach(instance -> history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                        .activityType("serviceTask").finished().orderByHistoricActivityInstanceEndTime().asc().list()
                        .forEach(step -> sent.add(new Send(step.getActivityId(), step.getActivityName(), endOf(step)))));
        return sent;
    }

    /**
     * The send steps still ahead and when they run, read from the diagram: from where the instance
     * waits, each timer's date (no earlier than now: a timer in the past fires at once), each
     * gateway's condition on the instance's variables, up to the end.
     */
    public List<Send> planned(Webinar webinar) {
        Optional<ProcessInstance> running = running(webinar);
        if (running.isEmpty()) {
            return List.of();
        }
        ProcessInstance instance = running.get();
        BpmnModelInstance model = repository.getBpmnModelInstance(instance.getProcessDefinitionId());
        Map<String, Object> variables = new HashMap<>(runtime.getVariables(instance.getId()));
        variables.put("webinars", schedule);
        List<Send> plan = new ArrayList<>();
        Instant at = EngineClock.now();
        for (String waiting : runtime.getActiveActivityIds(instance.getId())) {
            if (model.getModelElementById(waiting) instanceof FlowNode node) {
                walk(node, variables, at, plan);
            }
        }
        return plan;
    }

    private static void walk(FlowNode node, Map<String, Object> variables, Instant at, List<Send> plan) {
        for (int steps = 0; node != null && steps < 50; steps++) {
            if (node instanceof IntermediateCatchEvent event) {
                Instant due = timerDate(event, variables);
                if (due == null) {
                    return; // not a date the plan can read (a duration or cycle): the plan stops here
                }
                at = due.isAfter(at) ? due : at;
            } else if (node instanceof ServiceTask task) {
                plan.add(new Send(task.getId(), task.getName(), at));
            } else if (node instanceof EndEvent) {
                return;
            }
            node = next(node, variables);
        }
    }

    private static FlowNode next(FlowNode node, Map<String, Object> variables) {
        if (node instanceof ExclusiveGateway gateway && gateway.getOutgoing().size() > 1) {
            for (SequenceFlow flow : gateway.getOutgoing()) {
                if (flow.getConditionExpression() != null
                        && Boolean.TRUE.equals(evaluate(flow.getConditionExpression().getTextContent(), variables))) {
                    return flow.getTarget();
                }
            }
            return gateway.getDefault() != null ? gateway.getDefault().getTarget() : null;
        }
        return node.getOutgoing().size() == 1 ? node.getOutgoing().iterator().next().getTarget() : null;
    }

    private static Instant timerDate(IntermediateCatchEvent event, Map<String, Object> variables) {
        return event.getEventDefinitions().stream()
                .filter(TimerEventDefinition.class::isInstance).map(TimerEventDefinition.class::cast)
                .filter(timer -> timer.getTimeDate() != null)
                .map(timer -> evaluate(timer.getTimeDate().getTextContent(), variables))
                .map(value -> value instanceof Date date ? date.toInstant() : null)
                .findFirst().orElse(null);
    }

    /** The diagram's expression, evaluated as the engine would (standard EL) on the given variables; null if it cannot be. */
    private static Object evaluate(String expression, Map<String, Object> variables) {
        try {
            StandardELContext context = new StandardELContext(EL);
            variables.forEach((name, value) -> {
                if (value != null) {
                    context.getVariableMapper().setVariable(name, EL.createValueExpression(value, Object.class));
                }
            });
            return EL.createValueExpression(context, expression.trim(), Object.class).getValue(context);
        } catch (ELException | IllegalArgumentException e) {
            return null;
        }
    }

    private Optional<ProcessInstance> running(Webinar webinar) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(businessKey(webinar.id())).active().list().stream().findFirst();
    }

    private static Instant endOf(HistoricActivityInstance step) {
        return step.getEndTime() == null ? null : step.getEndTime().toInstant();
    }
}
