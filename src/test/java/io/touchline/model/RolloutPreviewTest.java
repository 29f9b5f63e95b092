package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.RepositoryService;
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
import io.touchline.support.ModelerDeployments;
import io.touchline.support.ProcessTestBase;

/**
 * Before rolling out, CS Ops preview it: a what-if of the next 12 weeks over the live book with the version deployed
 * from the Modeler (check-ins every 2 weeks) in place of today's, showing the pod's extra check-in calls.
 */
class RolloutPreviewTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    JdbcTemplate jdbc;

    private String deploymentId;

    @AfterEach
    void removeDeployment() {
        if (deploymentId != null) {
            repository.deleteDeployment(deploymentId, true);
        }
    }

    @Test
    void aPreviewReplaysTheBookWithTheDeployedVersionInPlaceOfTodays() throws Exception {
        for (int i = 0; i < 3; i++) {
            journeys.enrol(Journeys.newExternalId("PREVIEW"), 50_000, false, false, daysFromNow(200), daysFromNow(-300), null,
                    "pod-atlas");
        }
        deploymentId = ModelerDeployments.deploy(rest, engine.getName(), "ops", "journey-medium-touch.bpmn",
                ModelerDeployments.changedMediumTouch());

        assertThat(rest.withBasicAuth("priya", "priya").postForEntity("/api/model/journey-medium-touch/preview",
                new HttpEntity<>(""), String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<JsonNode> started = rest.withBasicAuth("ops", "ops")
                .postForEntity("/api/model/journey-medium-touch/preview?weeks=12", new HttpEntity<>(""), JsonNode.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(started.getBody().path("files").toString()).contains("journey-medium-touch.bpmn", "renewal-countdown.bpmn");
        String id = started.getBody().path("whatIf").asText();
        assertThat(started.getBody().path("page").asText()).isEqualTo("/whatif/" + id);
        String replayed = jdbc.queryForObject("select content from what_if_file where run_id = ? and name = ?", String.class,
                id, "journey-medium-touch.bpmn");
        assertThat(new String(java.util.Base64.getDecoder().decode(replayed), java.nio.charset.StandardCharsets.UTF_8))
                .as("the version deployed from the Modeler").contains("'check-in', 'P14D'", "Send_Day45Tips");

        JsonNode run = started.getBody();
        long deadline = System.currentTimeMillis() + 180_000;
        do {
            Thread.sleep(100); // waiting for the what-if JVMs, not for a timer
            run = rest.withBasicAuth("ops", "ops").getForObject("/api/whatif/" + id, JsonNode.class);
        } while (!run.path("state").asText().matches("done|failed") && System.currentTimeMillis() < deadline);
        assertThat(run.path("error").asText(null)).isNull();
        assertThat(run.path("state").asText()).isEqualTo("done");
        JsonNode result = run.path("result");
        assertThat(checkIns(result.path("loadPerKind"))).as("the pod's check-ins every 2 weeks instead of monthly")
                .isGreaterThan(checkIns(result.path("baselineLoadPerKind")));
    }

    private static int checkIns(JsonNode load) {
        return StreamSupport.stream(load.spliterator(), false)
                .filter(l -> l.path("owner").asText().equals("pod-atlas") && l.path("kind").asText().equals("check-in-call"))
                .mapToInt(l -> l.path("touches").asInt()).sum();
    }
}
