package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * The Camunda 7 pitfall with {@code updateEventTrigger}: the timer of an event subprocess must not fire again
 * because of a rollout. A reminder whose timer did not change keeps its due date; one whose duration changed is
 * planned again and waits; neither fires on the move, and each fires once when its day comes.
 */
class RolloutEventSubprocessTest extends ProcessTestBase {

    private static final String KEY = "rollout-event-subprocess-timers";

    @Autowired
    Rollouts rollouts;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    TaskService tasks;

    private final List<String> deployments = new ArrayList<>();

    @AfterEach
    void removeDeployments() {
        deployments.forEach(id -> repository.deleteDeployment(id, true));
    }

    private void deploy(String waitName, String firstName, String firstDuration) throws Exception {
        String xml = Files.readString(Path.of("src/test/resources/rollout/event-subprocess-timers.bpmn"))
                .replace("WAIT_NAME", waitName).replace("FIRST_NAME", firstName).replace("FIRST_DURATION", firstDuration);
        deployments.add(repository.createDeployment().name(KEY).addString(KEY + ".bpmn", xml).deploy().getId());
    }

    private Instant due(String instance, String activity) {
        return management.createJobQuery().processInstanceId(instance).activityId(activity).singleResult().getDuedate()
                .toInstant();
    }

    @Test
    void eventSubprocessTimersDoNotFireAgainOnARollout() throws Exception {
        deploy("Wait", "30 days later", "P30D");
        String instance = runtime.startProcessInstanceByKey(KEY, Journeys.newExternalId("ESP")).getId();
        Instant started = Journeys.now();
        journeys.advance(Duration.ofDays(10));
        Instant second = due(instance, "Start_SecondReminder");

        deploy("Wait for the customer", "40 days later", "P40D");
        Instant rolledOut = Journeys.now();
        Rollouts.Rollout rollout = rollouts.start(KEY, null, Map.of(), "ops");
        assertThat(rollout.selected()).isOne();
        journeys.advance(Duration.ofMinutes(1));
        journeys.advance(Duration.ofMinutes(1));
        Instant moved = Journeys.now();
        assertThat(rollouts.get(rollout.id()).moved()).isOne();

        assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_FirstReminder").count())
                .as("the changed reminder does not fire on the move").isZero();
        assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_SecondReminder").count())
                .as("nor the unchanged one").isZero();
        assertThat(due(instance, "Start_SecondReminder")).as("the unchanged reminder keeps its day").isEqualTo(second);
        assertThat(due(instance, "Start_FirstReminder")).as("the changed one planned again, ahead")
                .isBetween(rolledOut.plus(Duration.ofDays(40)), moved.plus(Duration.ofDays(40)));
        assertThat(management.createJobQuery().processInstanceId(instance).timers().count()).isEqualTo(2);

        journeys.advance(Duration.ofDays(41));
        journeys.advance(Duration.ofDays(10));
        assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_FirstReminder").count())
                .as("each reminder fires once, on its day").isOne();
        assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_SecondReminder").count()).isOne();
        assertThat(second).isEqualTo(started.plus(Duration.ofDays(60)));
    }
}
