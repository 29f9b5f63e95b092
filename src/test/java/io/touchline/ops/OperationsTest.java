package io.touchline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
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
import com.icegreen.greenmail.util.GreenMail;

import io.touchline.support.Journeys;
import io.touchline.support.TestSmtp;
import io.touchline.support.TouchlineTest;

/**
 * What an operator and CS Ops see: liveness open to the orchestrator, the rest behind a login;
 * readiness down while SMTP is unreachable and up once it answers; a failed step and a bounced email
 * on the failed-touches list and as ATTENTION in health; the Prometheus scrape with Touchline's
 * figures.
 */
@TouchlineTest
class OperationsTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Journeys journeys;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OpsMetrics metrics;
    @Autowired
    OpsSnapshot snapshot;

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        jdbc.update("delete from outbox_message where id like 'OPS-%'");
        runtime.createIncidentQuery().incidentType("touchline-test").list()
                .forEach(incident -> runtime.resolveIncident(incident.getId()));
        journeys.cleanUp();
    }

    @Test
    void livenessIsOpenTheRestNeedsALoginAndReadinessFollowsSmtp() {
        assertThat(rest.getForEntity("/actuator/health/liveness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("priya", "/actuator/prometheus", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // no SMTP server listens: this node should not take traffic
        ResponseEntity<JsonNode> down = get("ops", "/actuator/health/readiness", JsonNode.class);
        assertThat(down.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(down.getBody().path("components").path("mail").path("status").asText()).isEqualTo("DOWN");
        for (String ok : List.of("db", "processEngine", "jobBacklog", "outbox")) {
            assertThat(down.getBody().path("components").path(ok).path("status").asText()).as(ok).isEqualTo("UP");
        }
        GreenMail smtp = new GreenMail(TestSmtp.setup());
        smtp.start();
        try {
            ResponseEntity<JsonNode> up = get("ops", "/actuator/health/readiness", JsonNode.class);
            assertThat(up.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(up.getBody().path("status").asText()).isEqualTo("UP");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aFailedStepAndABouncedEmailAreListedForCsOpsAndFlaggedInHealth() {
        String id = Journeys.newExternalId("OPS-FAIL");
        var enrolled = journeys.enrol(id, 150_000, false, false, Journeys.today().plusDays(300),
                Journeys.today().minusDays(200), "dana", null);
        String journey = enrolled.journey().orElseThrow().processInstanceId();
        String waiting = runtime.getActiveActivityIds(journey).get(0);
        String execution = runtime.createExecutionQuery().processInstanceId(journey).activityId(waiting).list().get(0).getId();
        runtime.createIncident("touchline-test", execution, "test", "Mail template 'value-report' is broken");
        long accountId = jdbc.queryForObject("select id from account where external_id = ?", Long.class, id);
        jdbc.update("""
                insert into outbox_message (id, account_id, template, title, from_name, from_address, recipient_name,
                    recipient, subject, text_body, html_body, created_at, next_attempt_at, attempts, failed_at, last_error)
                values ('OPS-1', ?, 'value-report', 'Quarterly value report', 'Dana', 'dana@acme-cloud.example',
                    'Jo', 'jo@gone.example', 'Your value report', 'Hello', '<p>Hello</p>', ?, ?, 1, ?,
                    'hard bounce 550: mailbox unavailable')""", accountId, now(), now(), now());

        ResponseEntity<JsonNode> list = get("ops", "/api/failed-touches", JsonNode.class);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode step = list.getBody().path("steps").get(0);
        assertThat(step.path("account").asText()).isEqualTo(id);
        assertThat(step.path("message").asText()).contains("value-report");
        assertThat(step.path("process").asText()).isEqualTo("journey-high-touch");
        JsonNode email = list.getBody().path("emails").get(0);
        assertThat(email.path("account").asText()).isEqualTo(id);
        assertThat(email.path("message").asText()).contains("jo@gone.example").contains("550");
        assertThat(get("priya", "/api/failed-touches", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        snapshot.refresh();
        ResponseEntity<JsonNode> health = get("ops", "/actuator/health", JsonNode.class);
        assertThat(health.getBody().path("components").path("failedTouches").path("status").asText()).isEqualTo("ATTENTION");
        assertThat(health.getBody().path("components").path("failedTouches").path("details").path("openIncidents").asInt())
                .isPositive();
    }

    @Test
    void thePrometheusScrapeCarriesTouchlinesFigures() {
        String id = Journeys.newExternalId("OPS-METRICS");
        journeys.enrol(id, 800, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(200), null, null);
        snapshot.refresh();
        metrics.refreshRunning();

        String scrape = get("ops", "/actuator/prometheus", String.class).getBody();
        assertThat(scrape).contains("touchline_jobs_due{", "touchline_jobs_due_oldest_seconds{", "touchline_incidents_open{",
                "touchline_outbox_due{", "touchline_outbox_oldest_seconds{", "touchline_outbox_held{")
                .containsPattern("touchline_journeys_running\\{.*process=\"journey-tech-touch\".*\\} [1-9]");
    }

    private static java.sql.Timestamp now() {
        return java.sql.Timestamp.from(Journeys.now());
    }

    private <T> ResponseEntity<T> get(String user, String path, Class<T> type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL));
        return rest.withBasicAuth(user, user).exchange(path, HttpMethod.GET, new HttpEntity<>(headers), type);
    }
}
