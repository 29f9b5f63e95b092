package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ModelerDeployments;
import io.touchline.support.TouchlineTest;

/**
 * CS Ops change a journey in Camunda Modeler and deploy it as the Modeler does: the diagram alone,
 * through /engine-rest, "deploy changed only". New journeys run the new version, and its tasks
 * open their forms in Tasklist, though the forms were deployed with an earlier version; what the
 * CSM enters is on the account's timeline.
 */
@TouchlineTest
class ModelerDeploymentTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Journeys journeys;
    @Autowired
    RepositoryService repository;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.camunda.bpm.engine.RuntimeService runtime;

    private String deploymentId;

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        journeys.cleanUp();
        if (deploymentId != null) {
            repository.deleteDeployment(deploymentId, true); // the other tests run the model as shipped
        }
    }

    @Test
    void aJourneyDeployedAloneFromTheModelerOpensItsTasksForms() throws Exception {
        // the Modeler's deployment: the changed diagram only (check-ins every 2 weeks instead of monthly)
        String changed = Files.readString(Path.of("processes/journey-medium-touch.bpmn"))
                .replace("'check-in', 'P1M'", "'check-in', 'P14D'");
        deploymentId = ModelerDeployments.deploy(rest, "ops", "journey-medium-touch.bpmn", changed);
        assertThat(repository.getDeploymentResourceNames(deploymentId)).containsExactly("journey-medium-touch.bpmn");

        String id = Journeys.newExternalId("MODELER");
        journeys.enrol(id, 30_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(120), null,
                "pod-atlas");
        var journey = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id)
                .processDefinitionKey("journey-medium-touch").singleResult();
        assertThat(repository.getProcessDefinition(journey.getProcessDefinitionId()).getDeploymentId())
                .as("the new journey runs the Modeler's version").isEqualTo(deploymentId);
        journeys.advanceUntil("the check-in call", () -> journeys.openTasksOfAccount(id).stream()
                .anyMatch(t -> "Task_MonthlyCheckInCall".equals(t.getTaskDefinitionKey())), 46);
        Task call = journeys.openTasksOfAccount(id).stream()
                .filter(t -> "Task_MonthlyCheckInCall".equals(t.getTaskDefinitionKey())).findFirst().orElseThrow();

        // priya (pod-atlas) opens the task in Tasklist: its Camunda Form is found and shown
        ResponseEntity<JsonNode> form = get("priya", "/engine-rest/task/" + call.getId() + "/deployed-form");
        assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(form.getBody().path("id").asText()).isEqualTo("check-in-call");

        // and completes it: what she entered is on the timeline, the form's own fields included
        send("priya", "/engine-rest/task/" + call.getId() + "/claim", Map.of("userId", "priya"));
        ResponseEntity<JsonNode> done = send("priya", "/engine-rest/task/" + call.getId() + "/submit-form", Map.of("variables", Map.of(
                "outcome", Map.of("value", "held"), "channel", Map.of("value", "phone"),
                "notes", Map.of("value", "Rolled out to the sales team"), "healthAssessment", Map.of("value", "green"),
                "expansionSignal", Map.of("value", true))));
        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        List<Map<String, Object>> timeline = jdbc.queryForList("""
                select t.outcome, t.notes, t.details from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'check-in-call'""", id);
        assertThat(timeline).hasSize(1);
        assertThat(timeline.get(0).get("OUTCOME")).isEqualTo("held");
        assertThat(timeline.get(0).get("NOTES")).isEqualTo("Rolled out to the sales team");
        assertThat((String) timeline.get(0).get("DETAILS")).contains("expansionSignal");
    }

    private ResponseEntity<JsonNode> get(String user, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.withBasicAuth(user, user).exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> send(String user, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth(user, user).exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
