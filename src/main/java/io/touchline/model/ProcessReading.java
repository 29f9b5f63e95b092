package io.touchline.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;

/**
 * What a deployed diagram does, in the terms CS Ops change it in: its touches (tasks for people with their form,
 * owner and time to do them; emails and in-app messages with their template), its timers (what each waits for,
 * read by {@link TimerExpression}), the processes it calls, the decision tables it asks, and the conditions of its
 * branches. Two readings of the same process tell what changed between its versions ({@link #changesTo}).
 */
public record ProcessReading(String key, String name, Map<String, Step> steps) {

    /**
     * One element that matters to the touch model, with what about it CS Ops set ({@code details}, in order); a
     * timer's expression read ({@code timer}, else null).
     */
    public record Step(String id, String kind, String name, Map<String, String> details, TimerExpression timer) {

        Step(String id, String kind, String name, Map<String, String> details) {
            this(id, kind, name, details, null);
        }

        String label() {
            return name == null || name.isBlank() ? id : name;
        }
    }

    /** One difference between two versions, in business words; {@code what} is added, removed or changed. */
    public record Change(String what, String element, String text) {
    }

    public static final String TASK = "task for a person";
    public static final String EMAIL = "email";
    public static final String IN_APP = "in-app message";
    public static final String AUTOMATED = "automated step";
    public static final String TIMER = "timer";
    public static final String CALL = "called process";
    public static final String DECISION = "decision";
    public static final String BRANCH = "branch";

    public static ProcessReading of(BpmnModelInstance model, String key) {
        Map<String, Step> steps = new LinkedHashMap<>();
        String name = key;
        for (org.camunda.bpm.model.bpmn.instance.Process process : model.getModelElementsByType(
                org.camunda.bpm.model.bpmn.instance.Process.class)) {
            if (key.equals(process.getId()) && process.getName() != null) {
                name = process.getName();
            }
        }
        for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            Step step = read(element);
            if (step != null) {
                steps.put(step.id(), step);
            }
        }
        // two timers both called "1 month later" are told apart by what they lead to
        Map<String, Long> labels = steps.values().stream()
                .collect(java.util.stream.Collectors.groupingBy(Step::label, java.util.stream.Collectors.counting()));
        for (Step step : List.copyOf(steps.values())) {
            if (labels.get(step.label()) > 1 && model.getModelElementById(step.id()) instanceof org.camunda.bpm.model.bpmn.instance.FlowNode node
                    && node.getOutgoing().size() == 1) {
                steps.put(step.id(), new Step(step.id(), step.kind(), step.label() + ", then " + name(node.getOutgoing().iterator().next().getTarget()),
                        step.details(), step.timer()));
            }
        }
        return new ProcessReading(key, name, steps);
    }

    private static Step read(FlowElement element) {
        Map<String, String> details = new LinkedHashMap<>();
        String kind;
        if (element instanceof UserTask task) {
            kind = TASK;
            put(details, "form", task.getCamundaFormRef() != null ? task.getCamundaFormRef() : task.getCamundaFormKey());
            for (CamundaTaskListener listener : extensions(task, CamundaTaskListener.class)) {
                if ("${assignTask}".equals(listener.getCamundaDelegateExpression())) {
                    for (CamundaField field : listener.getCamundaFields()) {
                        put(details, "audience".equals(field.getCamundaName()) ? "for" : "due".equals(field.getCamundaName())
                                ? "due within" : field.getCamundaName(), fieldValue(field));
                    }
                }
            }
        } else if (element instanceof ServiceTask task) {
            String delegate = String.valueOf(task.getCamundaDelegateExpression());
            kind = delegate.equals("${sendEmail}") || delegate.equals("${webinarMail}") ? EMAIL
                    : delegate.equals("${sendInApp}") ? IN_APP : AUTOMATED;
            for (CamundaField field : extensions(task, CamundaField.class)) {
                put(details, field.getCamundaName(), fieldValue(field));
            }
            if (kind.equals(AUTOMATED)) {
                put(details, "runs", delegate);
            }
        } else if (element instanceof CatchEvent event && timer(event) != null) {
            TimerEventDefinition timer = timer(event);
            TimerExpression expression = expression(timer);
            put(details, "when", expression == null ? null : expression.describe());
            if (timer.getTimeCycle() != null) {
                put(details, "repeats", timer.getTimeCycle().getTextContent().trim());
            }
            return new Step(element.getId(), TIMER, element.getName(), details, expression);
        } else if (element instanceof CallActivity call) {
            kind = CALL;
            put(details, "calls", call.getCalledElement());
            put(details, "version", call.getCamundaCalledElementBinding() == null ? "latest" : call.getCamundaCalledElementBinding());
        } else if (element instanceof BusinessRuleTask rule) {
            kind = DECISION;
            put(details, "asks", rule.getCamundaDecisionRef());
            put(details, "version", rule.getCamundaDecisionRefBinding() == null ? "latest" : rule.getCamundaDecisionRefBinding());
        } else if (element instanceof SequenceFlow flow && flow.getConditionExpression() != null) {
            kind = BRANCH;
            ConditionExpression condition = flow.getConditionExpression();
            put(details, "when", condition.getTextContent().trim());
            String label = flow.getName() != null ? flow.getName()
                    : name(flow.getSource()) + " → " + name(flow.getTarget());
            return new Step(flow.getId(), kind, label, details);
        } else {
            return null;
        }
        return new Step(element.getId(), kind, element.getName(), details);
    }

    private static String name(FlowElement element) {
        return element.getName() != null ? element.getName() : element.getId();
    }

    private static TimerEventDefinition timer(CatchEvent event) {
        return event.getEventDefinitions().stream().filter(TimerEventDefinition.class::isInstance)
                .map(TimerEventDefinition.class::cast).findFirst().orElse(null);
    }

    static TimerExpression expression(TimerEventDefinition timer) {
        if (timer.getTimeDate() != null) {
            return TimerExpression.parse(timer.getTimeDate().getTextContent(), false);
        }
        if (timer.getTimeDuration() != null) {
            return TimerExpression.parse(timer.getTimeDuration().getTextContent(), true);
        }
        return null;
    }

    private static <T extends org.camunda.bpm.model.xml.instance.ModelElementInstance> List<T> extensions(BaseElement element,
            Class<T> type) {
        ExtensionElements extensions = element.getExtensionElements();
        return extensions == null ? List.of() : extensions.getElementsQuery().filterByType(type).list();
    }

    private static String fieldValue(CamundaField field) {
        if (field.getCamundaStringValue() != null) {
            return field.getCamundaStringValue();
        }
        if (field.getCamundaString() != null) {
            return field.getCamundaString().getTextContent();
        }
        if (field.getCamundaExpression() != null) {
            return field.getCamundaExpression();
        }
        return field.getCamundaExpressionChild() == null ? null : field.getCamundaExpressionChild().getTextContent();
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null && !value.isBlank()) {
            details.put(key, value.trim());
        }
    }

    /**
     * What changed from this (older) version to {@code latest}: touches, timers, called processes and decisions
     * added or removed, and each detail that differs (a timer's day or cadence, a template, a form, who does a task
     * and by when, a branch's condition), in the order of the latest diagram.
     */
    public List<Change> changesTo(ProcessReading latest) {
        List<Change> changes = new ArrayList<>();
        for (Step now : latest.steps().values()) {
            Step was = steps.get(now.id());
            if (was == null) {
                changes.add(new Change("added", now.id(), "Added " + now.kind() + " '" + now.label() + "'" + summary(now)));
                continue;
            }
            if (!was.kind().equals(now.kind())) {
                changes.add(new Change("changed", now.id(), "'" + now.label() + "' is now " + article(now.kind()) + " (was "
                        + article(was.kind()) + ")" + summary(now)));
                continue;
            }
            List<String> differences = new ArrayList<>();
            if (!Objects.equals(was.label(), now.label())) {
                differences.add("renamed from '" + was.label() + "'");
            }
            for (String detail : union(was.details(), now.details())) {
                String before = was.details().get(detail);
                String after = now.details().get(detail);
                if (!Objects.equals(before, after)) {
                    differences.add(detail + " " + (before == null ? "(none)" : before) + " → " + (after == null ? "(none)" : after));
                }
            }
            if (!differences.isEmpty()) {
                String noun = now.kind().equals(BRANCH) ? "Branch" : now.kind().equals(TIMER) ? "Timer"
                        : Character.toUpperCase(now.kind().charAt(0)) + now.kind().substring(1);
                changes.add(new Change("changed", now.id(), noun + " '" + now.label() + "': " + String.join("; ", differences)));
            }
        }
        for (Step was : steps.values()) {
            if (!latest.steps().containsKey(was.id())) {
                changes.add(new Change("removed", was.id(), "Removed " + was.kind() + " '" + was.label() + "'" + summary(was)));
            }
        }
        return changes;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(b.keySet());
        a.keySet().stream().filter(k -> !b.containsKey(k)).forEach(keys::add);
        return keys;
    }

    private static String summary(Step step) {
        if (step.details().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        step.details().forEach((k, v) -> parts.add(k + " " + v));
        return " (" + String.join(", ", parts) + ")";
    }

    private static String article(String kind) {
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }
}
