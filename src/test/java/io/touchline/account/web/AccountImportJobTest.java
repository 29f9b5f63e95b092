package io.touchline.account.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

import io.touchline.account.AccountRequest;
import io.touchline.demo.BookBuilder;
import io.touchline.support.Journeys;
import io.touchline.support.TouchlineTest;

/**
 * A large account file is an import job whose progress anyone maintaining the book can follow: it
 * is answered at once, checked as a whole (a bad row refuses the file, nothing is enrolled) and
 * enrolled in parts; a part whose node died is enrolled by another node once its claim runs out,
 * and no account is enrolled twice.
 */
@TouchlineTest
class AccountImportJobTest {

    /** The demo team owns these books. */
    private static final BookBuilder.Team DEMO_TEAM = new BookBuilder.Team(List.of("dana", "marco"),
            List.of("pod-atlas", "pod-borealis"), List.of("priya", "sam", "lee", "omar", "omar", "omar"), List.of("casey"));

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Journeys journeys;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        journeys.cleanUp();
    }

    @Test
    void aLargeFileIsAnsweredAtOnceAndItsProgressFollowedUntilEveryRowIsEnrolled() {
        String prefix = Journeys.newExternalId("IMP");
        List<AccountRequest> rows = book(prefix, 120).accounts(1, 120, Journeys.today());

        ResponseEntity<JsonNode> accepted = importAsync(BookBuilder.csv(rows));

        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String location = accepted.getHeaders().getLocation().getPath();
        assertThat(location).startsWith("/api/accounts/imports/");
        assertThat(accepted.getBody().path("rows").asInt()).isEqualTo(120);
        assertThat(accepted.getBody().path("state").asText()).isIn("queued", "checking", "enrolling", "done");
        assertThat(accepted.getBody().path("progress").asText()).isNotBlank();

        JsonNode done = waitUntilFinished(location);
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("enrolled").asInt()).isEqualTo(120);
        assertThat(done.path("checked").asInt()).isEqualTo(120);
        assertThat(done.path("failed").asInt()).isZero();
        assertThat(done.path("progress").asText()).isEqualTo("enrolled 120 of 120 accounts");
        assertThat(done.path("message").asText()).isEqualTo("Enrolled 120 accounts.");
        assertEachEnrolledOnce(prefix, 120);
        assertThat(rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/imports", JsonNode.class))
                .as("the latest imports").anySatisfy(i -> assertThat(i.path("id").asLong()).isEqualTo(done.path("id").asLong()));
    }

    @Test
    void aFileWithBadRowsIsRefusedWhole_namingEachRow_andNothingIsEnrolled() {
        String prefix = Journeys.newExternalId("IMPBAD");
        List<AccountRequest> rows = new java.util.ArrayList<>(book(prefix, 80).accounts(1, 80, Journeys.today()));
        AccountRequest good = rows.get(54);
        rows.set(54, new AccountRequest(good.externalId(), good.name(), good.arr(), false, false, good.renewalDate(),
                good.customerSince(), "Mars/Olympus_Mons", good.csm(), good.pod(), good.contacts(), null));
        rows.set(57, rows.get(3)); // the same account twice

        ResponseEntity<JsonNode> accepted = importAsync(BookBuilder.csv(rows));
        JsonNode refused = waitUntilFinished(accepted.getHeaders().getLocation().getPath());

        assertThat(refused.path("state").asText()).isEqualTo("rejected");
        assertThat(refused.path("enrolled").asInt()).isZero();
        assertThat(refused.path("message").asText()).contains("2 of 80 rows cannot be enrolled", "nothing was enrolled");
        assertThat(refused.path("problems")).anySatisfy(p -> {
            assertThat(p.path("row").asInt()).isEqualTo(55);
            assertThat(p.path("field").asText()).isEqualTo("timeZone");
        });
        assertThat(refused.path("problems")).anySatisfy(p -> {
            assertThat(p.path("row").asInt()).isEqualTo(58);
            assertThat(p.path("field").asText()).isEqualTo("externalId");
            assertThat(p.path("message").asText()).contains("appears twice");
        });
        assertThat(accountsWithPrefix(prefix)).isZero();
    }

    @Test
    void aPartWhoseNodeDiedIsEnrolledByAnotherNodeOnce_whenItsClaimRunsOut() {
        String prefix = Journeys.newExternalId("IMPDEAD");
        List<AccountRequest> rows = book(prefix, 100).accounts(1, 100, Journeys.today());
        Instant now = Journeys.now();
        // a node took the import's first part and died before it committed anything
        Long id = jdbc.queryForObject("select coalesce(max(id), 0) + 1000 from account_import", Long.class);
        jdbc.update("insert into account_import (id, state, content, total_rows, checked_rows, enrolled_rows, failed_rows, "
                + "created_by, created_at, updated_at) values (?, 'enrolling', ?, 100, 100, 0, 0, 'crm', ?, ?)",
                id, BookBuilder.csv(rows), Timestamp.from(now), Timestamp.from(now));
        // claims are leases in real time: this one runs out in three seconds
        jdbc.update("insert into account_import_part (import_id, first_row, last_row, state, attempts, claimed_by, claimed_until) "
                + "values (?, 1, 50, 'pending', 1, 'dead-node', ?)", id, Timestamp.from(Instant.now().plusSeconds(3)));
        jdbc.update("insert into account_import_part (import_id, first_row, last_row, state, attempts) "
                + "values (?, 51, 100, 'pending', 0)", id);

        String location = "/api/accounts/imports/" + id;
        JsonNode half = waitFor(location, status -> status.path("enrolled").asInt() == 50);
        assertThat(half.path("state").asText()).as("the dead node's part waits for its claim to run out").isEqualTo("enrolling");
        assertThat(accountsWithPrefix(prefix)).isEqualTo(50);

        JsonNode done = waitUntilFinished(location);

        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("enrolled").asInt()).isEqualTo(100);
        assertEachEnrolledOnce(prefix, 100);
    }

    private static BookBuilder book(String prefix, int size) {
        return new BookBuilder(prefix, size, 3, DEMO_TEAM);
    }

    private ResponseEntity<JsonNode> importAsync(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        headers.set("Prefer", "respond-async");
        return rest.withBasicAuth("crm", "crm").exchange("/api/accounts/import", HttpMethod.POST,
                new HttpEntity<>(csv, headers), JsonNode.class);
    }

    private JsonNode waitUntilFinished(String location) {
        return waitFor(location, status -> List.of("done", "rejected", "failed").contains(status.path("state").asText()));
    }

    /** Polls the import as a client would, until the condition holds (at most a minute). */
    private JsonNode waitFor(String location, java.util.function.Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = rest.withBasicAuth("crm", "crm").getForObject(location, JsonNode.class);
            if (condition.test(status)) {
                return status;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("not within a minute; last status " + status);
    }

    private int accountsWithPrefix(String prefix) {
        return jdbc.queryForObject("select count(*) from account where external_id like ?", Integer.class, prefix + "-%");
    }

    private void assertEachEnrolledOnce(String prefix, int rows) {
        assertThat(accountsWithPrefix(prefix)).isEqualTo(rows);
        for (int number = 1; number <= rows; number++) {
            String id = String.format("%s-%06d", prefix, number);
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).processDefinitionKeyIn(
                    "journey-high-touch", "journey-medium-touch", "journey-low-touch", "journey-tech-touch").count())
                    .as("journeys of " + id).isEqualTo(1);
        }
    }
}
