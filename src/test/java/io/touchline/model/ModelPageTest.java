package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ModelerDeployments;
import io.touchline.support.TouchlineTest;

/**
 * CS Ops change the medium-touch journey in the Modeler (check-ins every 2 weeks, the day-14 check-in on day 10, a
 * new day-45 email) and deploy it: the Model page says who deployed which version when, how many journeys still
 * run the old one, and what changed, in the words CS Ops changed it in.
 */
@TouchlineTest
class ModelPageTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Journeys journeys;
    @Autowired
    RepositoryService repository;

    private final List<String> deployments = new ArrayList<>();

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        journeys.cleanUp();
        deployments.forEach(id -> repository.deleteDeployment(id, true)); // the other tests run the model as shipped
    }

    @Test
    void theModelPageSaysWhoDeployedWhatChangedAndHowManyJourneysStillRunTheOldVersion() throws Exception {
        List<String> onV1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = Journeys.newExternalId("MODEL-V1");
            journeys.enrol(id, 30_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(20 * i), null,
                    "pod-atlas");
            onV1.add(id);
        }
        JsonNode before = rest.withBasicAuth("ops", "ops").getForObject("/api/model", JsonNode.class);
        int shipped = medium(before).path("latestVersion").asInt();
        long runningBefore = medium(before).path("journeys").asLong();
        assertThat(runningBefore).isGreaterThanOrEqualTo(3);

        deployments.add(ModelerDeployments.deploy(rest, "ops", "journey-medium-touch.bpmn", ModelerDeployments.changedMediumTouch()));
        journeys.enrol(Journeys.newExternalId("MODEL-V2"), 30_000, false, false, Journeys.today().plusDays(300),
                Journeys.today(), null, "pod-atlas");

        JsonNode medium = medium(rest.withBasicAuth("ops", "ops").getForObject("/api/model", JsonNode.class));
        assertThat(medium.path("kind").asText()).isEqualTo("journey");
        assertThat(medium.path("latestVersion").asInt()).isEqualTo(shipped + 1);
        assertThat(medium.path("journeysOnOlderVersions").asLong()).isEqualTo(runningBefore);
        JsonNode latest = medium.path("versions").get(0);
        assertThat(latest.path("version").asInt()).isEqualTo(shipped + 1);
        assertThat(latest.path("deployedBy").asText()).isEqualTo("ops");
        assertThat(latest.path("source").asText()).isEqualTo("Camunda Modeler");
        assertThat(latest.path("journeys").asLong()).isEqualTo(1);
        assertThat(latest.path("latest").asBoolean()).isTrue();

        JsonNode older = medium.path("versions").get(1);
        assertThat(older.path("version").asInt()).isEqualTo(shipped);
        assertThat(older.path("journeys").asLong()).isEqualTo(runningBefore);
        assertThat(older.path("accounts").asLong()).isEqualTo(runningBefore);
        List<String> changes = new ArrayList<>();
        older.path("changesToLatest").forEach(c -> changes.add(c.path("what").asText() + ": " + c.path("text").asText()));
        assertThat(changes).contains(
                "changed: Timer 'Day 10': renamed from 'Day 14'; when day 14 after enrolment → day 10 after enrolment",
                "changed: Timer '1 month later, then Monthly check-in call': when check-in every month (P1M) → check-in every 2 weeks (P14D)",
                "changed: Timer '1 month later, then Nurture email paused while at risk?': when check-in every month (P1M) → check-in every 2 weeks (P14D)",
                "added: Added timer 'Day 45' (when day 45 after enrolment)",
                "added: Added email 'Send tips for the second month' (template onboarding)");
        assertThat(changes).as("nothing else changed: no touch removed, no form, owner or template of another step")
                .hasSize(5); // the two monthly timers, the day-10 timer, the day-45 timer and email

        // the tables the journeys ask are looked up at their latest version: a change applies at once
        JsonNode model = rest.withBasicAuth("ops", "ops").getForObject("/api/model", JsonNode.class);
        List<String> pinned = new ArrayList<>();
        model.path("decisions").forEach(d -> {
            if (!d.path("appliesAtOnce").asBoolean()) {
                pinned.add(d.path("key").asText());
            }
        });
        assertThat(pinned).isEmpty();

        // a diagram that pins a table to its own deployment: the page says that table needs a rollout
        deployments.add(repository.createDeployment().name("pinned-nps")
                .addModelInstance("pinned-nps.bpmn", org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("pinned-nps")
                        .name("Pinned NPS check").camundaHistoryTimeToLive(1).startEvent().businessRuleTask("Rule_Nps")
                        .camundaDecisionRef("nps-category").camundaDecisionRefBinding("deployment").endEvent().done())
                .deploy().getId());
        JsonNode nps = null;
        for (JsonNode d : rest.withBasicAuth("ops", "ops").getForObject("/api/model", JsonNode.class).path("decisions")) {
            if (d.path("key").asText().equals("nps-category")) {
                nps = d;
            }
        }
        assertThat(nps.path("appliesAtOnce").asBoolean()).isFalse();
        assertThat(nps.path("applies").asText()).contains("Pinned NPS check: deployment", "until they are rolled out");
        assertThat(model.path("decisions").findValuesAsText("key")).contains("nps-category", "health-status", "tier-assignment");

        // a CSM reads the page: the versions, the journeys waiting for a rollout, the change in words
        ResponseEntity<String> page = rest.withBasicAuth("priya", "priya").getForEntity("/model", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("Medium-touch journey (Tier 2)", "needs a rollout",
                "check-in every month (P1M) → check-in every 2 weeks (P14D)", ">ops<", ModelOverview.ON_START);
        assertThat(rest.getForEntity("/model", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static JsonNode medium(JsonNode model) {
        for (JsonNode process : model.path("processes")) {
            if (process.path("key").asText().equals("journey-medium-touch")) {
                return process;
            }
        }
        throw new AssertionError("no journey-medium-touch on the Model page: " + model);
    }
}
