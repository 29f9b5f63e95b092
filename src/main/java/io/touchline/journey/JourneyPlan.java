package io.touchline.journey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
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

    private final RuntimeService runtime;
    private final ManagementService management;
    private final RepositoryService repository;
    private final TaskService tasks;

    JourneyPlan(RuntimeService runtime, ManagementService management, RepositoryService repository, TaskService tasks) {
        this.runtime = runtime;
        this.management = management;
        this.repository = repository;
        this.tasks = tasks;
    }

    public List<PlannedTouch> of(String externalId) {
        List<PlannedTouch> plan = new ArrayList<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery().processInstanceBusinessKey(externalId)
                .active().list()) {
            var model = repository.getBpmnModelInstance(instance.getProcessDefinitionId());
            String process = repository.getProcessDefinition(instance.getProcessDefinitionId()).getName();
            List<Job> timers = management.createJobQuery().processInstanceId(instance.getId()).timers().list();
            Map<String, JobDefinition> definitions = management.createJobDefinitionQuery()
                    .processDefinitionId(instance.getProcessDefinitionId()).list().stream()
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
            tasks.createTaskQuery().processInstanceId(instance.getId()).list().forEach(task -> plan.add(
                    new PlannedTouch(task.getName(), "open task", process,
                            task.getDueDate() == null ? null : task.getDueDate().toInstant(), "task",
                            task.getAssignee())));
        }
        plan.sort(Comparator.comparing(PlannedTouch::dueAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return plan;
    }

    /** The first task, email or call the flow reaches after the timer (through gateways), by name. */
    private static String nextTouchName(FlowNode timer) {
        FlowNode node = timer;
        for (int hops = 0; hops < 6 && node != null; hops++) {
            var outgoing = node.getOutgoing();
            if (outgoing.isEmpty()) {
                break;
            }
            if (outgoing.size() > 1 && hops > 0) {
                return outgoing.stream().map(SequenceFlow::getTarget).map(JourneyPlan::name)
                        .collect(Collectors.joining(" or "));
            }
            node = outgoing.iterator().next().getTarget();
            if (node instanceof Activity) {
                return name(node);
            }
        }
        return name(timer);
    }

    private static String name(FlowNode node) {
        return node.getName() != null ? node.getName().replaceAll("\\s+", " ") : node.getId();
    }
}
