package io.touchline.journey;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.springframework.stereotype.Component;

/**
 * The upcoming touches of an account, read from what its journeys are waiting for: each waiting
 * timer and the touch it leads to, and each open human task with its due date. Nothing is kept
 * beside the engine, so the plan is always what the engine will do.
 */
@Component
public class JourneyPlan {

    public record PlannedTouch(String touch, String step, String process, Instant dueAt, String kind,
            String assignee) {
    }

    private final ManagementService management;
    private final RepositoryService repository;
    private final TaskService tasks;
    private final io.touchline.engine.EngineTables instances;

    JourneyPlan(ManagementService management, RepositoryService repository, TaskService tasks,
            io.touchline.engine.EngineTables instances) {
        this.instances = instances;
        this.management = management;
        this.repository = repository;
        this.tasks = tasks;
    }

    public List<PlannedTouch> of(String externalId) {
        List<PlannedTouch> plan = new ArrayList<>();
        for (var instance : instances.activeProcessInstances(List.of(externalId))) {
            var model = repository.getBpmnModelInstance(instance.processDefinitionId());
            String process = repository.getProcessDefinition(instance.processDefinitionId()).getName();
            List<Job> timers = management.createJobQuery().processInstanceId(instance.id()).timers().list();
            Map<String, JobDefinition> definitions = management.createJobDefinitionQuery()
                    .processDefinitionId(instance.processDefinitionId()).list().stream()
                    .collect(Collectors.toMap(JobDefinition::getId, Function.identity(), (a, b) -> a));
            for (Job timer : timers) {
                JobDefinition definition = definitions.get(timer.getJobDefinitionId());
                if (definition == null) {
                    continue;
                }
                FlowNode step = model.getModelElementById(definition.getActivityId());
                plan.add(new PlannedTouch(nextTouchName(step), name(step), process,
                        timer.getDuedate() == null ? null : timer.getDuedate().toInstant(), "timer", null));
            }
            tasks.createTaskQuery().processInstanceId(instance.id()).list().forEach(task -> plan.add(
                    new PlannedTouch(task.getName(), "open task", process,
                            task.getDueDate() == null ? null : task.getDueDate().toInstant(), "task",
                            task.getAssignee())));
        }
        plan.sort(Comparator.comparing(PlannedTouch::dueAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return plan;
    }

    /**
     * The touches the flow reaches after the timer, through gateways (but not past another wait):
     * "Send value summary", or "Schedule renewal discussion or Send renewal reminder" where a
     * gateway decides when the time comes.
     */
    private static String nextTouchName(FlowNode timer) {
        Set<String> touches = new LinkedHashSet<>();
        Deque<FlowNode> open = new ArrayDeque<>();
        Set<FlowNode> seen = new HashSet<>();
        timer.getOutgoing().forEach(flow -> open.add(flow.getTarget()));
        while (!open.isEmpty() && seen.size() < 20) {
            FlowNode node = open.poll();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof Activity) {
                touches.add(name(node));
            } else if (node instanceof Gateway) {
                node.getOutgoing().forEach(flow -> open.add(flow.getTarget()));
            }
        }
        return touches.isEmpty() ? name(timer) : String.join(" or ", touches);
    }

    private static String name(FlowNode node) {
        return node.getName() != null ? node.getName().replaceAll("\\s+", " ") : node.getId();
    }
}
