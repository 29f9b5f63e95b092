package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * A journey that changes between the plan of a rollout and its turn in the batch (it reached a call the new
 * version removed) fails to move: its batch job gives up, and the Cockpit incident and the rollout page name
 * the account and why; the others move. CS Ops re-run the failures once the call is done, and the journey moves.
 */
class RolloutFailureTest extends ProcessTestBase {

    private static final String KEY = "rollout-removed-call";

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
    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    private final List<String> deployments = new ArrayList<>();

    @AfterEach
    void removeDeployments() {
        jdbc.update("update model_rollout set running_key = null");
        management.createBatchQuery().list().forEach(b -> management.deleteBatch(b.getId(), true));
        deployments.forEach(id -> repository.deleteDeployment(id, true));
    }

    private void deploy(boolean withCall) throws Exception {
        String xml = Files.readString(Path.of("src/test/resources/rollout/removed-call.bpmn"));
        if (!withCall) {
            xml = xml.replaceAll("(?s)<!--CALL_START-->.*<!--CALL_END-->", "").replace("<!--WITHOUT_CALL", "")
                    .replace("/> -->", "/>");
        }
        deployments.add(repository.createDeployment().name(KEY).addString(KEY + ".bpmn", xml).deploy().getId());
    }

    /** The job executor's turn: every executable job, a failing one retried until it gives up. */
    private void runJobs() {
        for (int round = 0; round < 10; round++) {
            List<Job> due = management.createJobQuery().executable().list();
            if (due.isEmpty()) {
                return;
            }
            for (Job job : due) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException expected) {
                    // a failing job: Camunda counts its retries down, then raises an incident
                }
            }
        }
    }

    private JsonNode page(long id) {
        return rest.withBasicAuth("ops", "ops").getForObject("/api/model/rollouts/" + id, JsonNode.class);
    }

    @Test
    void aJourneyThatFailsToMoveIsAnIncidentNamingItsAccountAndCanBeRunAgain() throws Exception {
        deploy(true);
        String moving = Journeys.newExternalId("RF-MOVES");
        String failing = Journeys.newExternalId("RF-FAILS");
        runtime.startProcessInstanceByKey(KEY, moving);
        String instance = runtime.startProcessInstanceByKey(KEY, failing).getId();
        deploy(false);

        Rollouts.Rollout first = rollouts.start(KEY, null, Map.of(), "ops");
        assertThat(first.selected()).as("both wait for day 1, which v2 has").isEqualTo(2);
        assertThat(first.refused()).isZero();
        // before the batch's turn, the failing account's day 1 comes and its welcome call opens
        management.executeJob(management.createJobQuery().processInstanceId(instance).activityId("Timer_Day1").singleResult()
                .getId());
        assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("Task_WelcomeCall").count()).isOne();
        runJobs();

        JsonNode stands = page(first.id());
        assertThat(stands.path("moved").asInt()).isOne();
        assertThat(stands.path("state").asText()).isEqualTo("running, with failures");
        assertThat(stands.path("batchFailures").toString()).as("the page names the account, not an instance id")
                .contains("Rollout: the journey of " + failing + " (" + KEY + " v1) did not move")
                .contains("Task_WelcomeCall").contains("(a Cockpit incident)");
        List<Incident> incidents = runtime.createIncidentQuery().incidentType(Incident.FAILED_JOB_HANDLER_TYPE).list();
        assertThat(incidents).as("a Cockpit incident naming the account and Camunda's reason").singleElement()
                .satisfies(i -> assertThat(i.getIncidentMessage())
                        .startsWith("Rollout: the journey of " + failing + " (" + KEY + " v1) did not move: ")
                        .contains("Task_WelcomeCall"));

        ResponseEntity<String> byCsm = rest.withBasicAuth("priya", "priya").postForEntity("/api/model/rollouts/" + first.id()
                + "/retry", new HttpEntity<>(Map.of()), String.class);
        assertThat(byCsm.getStatusCode()).as("a CSM does not re-run rollouts").isEqualTo(HttpStatus.FORBIDDEN);

        // the CSM holds the call; the journey now waits for day 30, which v2 has: CS Ops re-run the failures
        tasks.complete(tasks.createTaskQuery().processInstanceId(instance).singleResult().getId());
        ResponseEntity<JsonNode> rerun = rest.withBasicAuth("ops", "ops").postForEntity("/api/model/rollouts/" + first.id()
                + "/retry", new HttpEntity<>(Map.of()), JsonNode.class);
        assertThat(rerun.getStatusCode()).as(String.valueOf(rerun.getBody())).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(rerun.getBody().path("selected").asInt()).as("only the journey that failed").isOne();
        assertThat(rerun.getBody().path("retryOf").asLong()).isEqualTo(first.id());
        JsonNode ended = page(first.id());
        assertThat(ended.path("state").asText()).isEqualTo("done, with failures");
        assertThat(ended.path("notMoved").toString()).contains(failing).contains("failed");
        assertThat(runtime.createIncidentQuery().count()).as("the old batch and its incident are gone").isZero();

        runJobs();
        JsonNode second = page(rerun.getBody().path("id").asLong());
        assertThat(second.path("state").asText()).isEqualTo("done");
        assertThat(second.path("moved").asInt()).isOne();
        String latest = repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult().getId();
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(KEY).list())
                .allSatisfy(p -> assertThat(p.getProcessDefinitionId()).isEqualTo(latest)).hasSize(2);
        assertThat(management.createJobQuery().processInstanceId(instance).activityId("Timer_Day30").count()).isOne();

        ResponseEntity<JsonNode> nothingLeft = rest.withBasicAuth("ops", "ops").postForEntity("/api/model/rollouts/"
                + second.path("id").asLong() + "/retry", new HttpEntity<>(Map.of()), JsonNode.class);
        assertThat(nothingLeft.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nothingLeft.getBody().toString()).contains("has no failed journeys to re-run");
    }
}
