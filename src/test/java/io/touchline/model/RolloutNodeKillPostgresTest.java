package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ModelerDeployments;
import io.touchline.support.NodeProcess;
import io.touchline.support.NodesDatabase;
import io.touchline.support.PostgresAvailable;

/**
 * Two Touchline nodes (two JVMs) on one PostgreSQL; CS Ops roll a changed medium-touch journey out to 300 accounts
 * and the node running most of the batch is killed mid-rollout: the other node finishes it, every journey moves
 * exactly once (never half: its executions and timers are all on one version), and each account has one line.
 */
@ExtendWith(PostgresAvailable.class)
class RolloutNodeKillPostgresTest {

    private static final int ACCOUNTS = 300;

    @Test
    void aNodeKilledMidRolloutLeavesEachJourneyMovedOnceAndTheOtherNodeFinishes() throws Exception {
        NodesDatabase.empty();
        int portA = NodeProcess.freePort();
        int portB = NodeProcess.freePort();
        Process a = null;
        Process b = null;
        try {
            a = NodeProcess.start("rollout-a", settings(portA));
            NodeProcess.awaitStarted(a, "rollout-a");
            b = NodeProcess.start("rollout-b", settings(portB));
            NodeProcess.awaitStarted(b, "rollout-b");
            TestRestTemplate nodeA = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + portA));
            TestRestTemplate nodeB = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + portB));
            for (int i = 0; i < ACCOUNTS; i++) {
                ResponseEntity<String> enrolled = nodeA.withBasicAuth("ops", "ops").postForEntity("/api/accounts", Map.of(
                        "externalId", Journeys.newExternalId("KILLRO"), "name", "Rollout Co " + i, "arr", 30_000,
                        "pod", "pod-atlas", "renewalDate", LocalDate.now().plusDays(250).toString(),
                        "customerSince", LocalDate.now().minusDays(200).toString(), "timeZone", "UTC",
                        "contacts", List.of(Map.of("name", "Jo Doe", "email", "jo" + i + "@rollout.example"))), String.class);
                assertThat(enrolled.getStatusCode()).as(enrolled.getBody()).isEqualTo(HttpStatus.CREATED);
            }
            ModelerDeployments.deploy(nodeA, "ops", "journey-medium-touch.bpmn", ModelerDeployments.changedMediumTouch());

            ResponseEntity<JsonNode> started = nodeA.withBasicAuth("ops", "ops")
                    .postForEntity("/api/model/journey-medium-touch/rollouts", Map.of(), JsonNode.class);
            assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(started.getBody().path("selected").asInt()).isEqualTo(ACCOUNTS);
            long id = started.getBody().path("id").asLong();

            long movedAtKill = awaitOnLatest(30, 120);
            a.destroyForcibly().waitFor();
            assertThat(movedAtKill).as("killed mid-rollout").isLessThan(ACCOUNTS);

            awaitOnLatest(ACCOUNTS, 180);
            JsonNode rollout = null;
            for (Instant until = Instant.now().plusSeconds(120); Instant.now().isBefore(until); Thread.sleep(500)) {
                rollout = nodeB.withBasicAuth("ops", "ops").getForObject("/api/model/rollouts/" + id, JsonNode.class);
                if (rollout.path("state").asText().startsWith("done")) {
                    break;
                }
            }
            System.out.printf("rollout node kill: %d of %d journeys moved at the kill; then %s, %d moved, %d failed%n",
                    movedAtKill, ACCOUNTS, rollout.path("state").asText(), rollout.path("moved").asInt(),
                    rollout.path("failed").asInt());
            assertThat(rollout.path("state").asText()).isEqualTo("done");
            assertThat(rollout.path("moved").asInt()).isEqualTo(ACCOUNTS);
            assertThat(count("""
                    select count(*) from ACT_RU_EXECUTION e join ACT_RU_EXECUTION p on p.ID_ = e.PROC_INST_ID_
                    where e.PROC_DEF_ID_ <> p.PROC_DEF_ID_""")).as("executions half moved").isZero();
            assertThat(count("""
                    select count(*) from ACT_RU_JOB j join ACT_RU_EXECUTION p on p.ID_ = j.PROCESS_INSTANCE_ID_
                    where j.PROCESS_DEF_ID_ <> p.PROC_DEF_ID_""")).as("timers left on the old version").isZero();
            assertThat(count("select count(*) from touchpoint where kind = 'model-rollout'")).as("one line per account")
                    .isEqualTo(ACCOUNTS);
            assertThat(count("select count(distinct account_id) from touchpoint where kind = 'model-rollout'"))
                    .isEqualTo(ACCOUNTS);
        } finally {
            for (Process node : Arrays.asList(a, b)) {
                if (node != null) {
                    node.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static List<String> settings(int port) {
        return List.of("--server.port=" + port, "--touchline.demo.accounts=false",
                "--touchline.demo-mail.enabled=false", "--spring.mail.host=127.0.0.1", "--spring.mail.port=1",
                "--touchline.rollouts.progress-interval=PT1S",
                // a dead node's batch jobs go to the other node 10 s after they were taken (Camunda's default: 5 min)
                "--camunda.bpm.job-execution.lock-time-in-millis=10000");
    }

    /** Waits until at least {@code count} medium-touch journeys are on the latest version; returns how many are. */
    private static long awaitOnLatest(int count, int seconds) throws Exception {
        Instant until = Instant.now().plusSeconds(seconds);
        long onLatest = 0;
        while (Instant.now().isBefore(until)) {
            onLatest = count("""
                    select count(*) from ACT_RU_EXECUTION e join ACT_RE_PROCDEF d on d.ID_ = e.PROC_DEF_ID_
                    where e.ID_ = e.PROC_INST_ID_ and d.KEY_ = 'journey-medium-touch'
                    and d.VERSION_ = (select max(VERSION_) from ACT_RE_PROCDEF where KEY_ = 'journey-medium-touch')""");
            if (onLatest >= count) {
                return onLatest;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(onLatest + " journeys on the latest version after " + seconds + " s, not " + count);
    }

    private static long count(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(NodesDatabase.url(NodesDatabase.PORT), NodesDatabase.USER,
                NodesDatabase.PASSWORD); var query = db.createStatement().executeQuery(sql)) {
            query.next();
            return query.getLong(1);
        }
    }
}
