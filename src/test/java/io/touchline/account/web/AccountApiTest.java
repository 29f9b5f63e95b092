package io.touchline.account.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;

import io.touchline.journey.AtRiskEscalationProcess;
import io.touchline.messaging.OutboxDispatcher;
import io.touchline.support.Journeys;
import io.touchline.support.TestSmtp;
import io.touchline.support.TouchlineTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The accounts API as the CRM (an integration user) sees it over HTTP: enrolment, validation and
 * error bodies, CSV import (all rows or none), timeline, plan, changes and health scores.
 */
@TouchlineTest
class AccountApiTest {

    /** The SMTP server the test profile points at; only the timeline test needs delivered mail. */
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            TestSmtp.setup()).withPerMethodLifecycle(true);

    private static final String CSV_HEADER = "externalId,name,arr,strategic,trial,renewalDate,customerSince,"
            + "timeZone,csm,pod,contactName,contactEmail,contactRole";

    /** Prefixes of the external ids this class creates. */

    @Autowired
    TestRestTemplate rest;
    @Autowired
    Journeys journeys;
    @Autowired
    RuntimeService runtime;
    @Autowired
    OutboxDispatcher dispatcher;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        journeys.cleanUp();
    }

    // ---------------------------------------------------------------- enrolment

    @Test
    void enrolsAHighTouchAccountWithItsJourney() {
        String id = Journeys.newExternalId("API-HT");
        ResponseEntity<JsonNode> created = postJson("crm", "/api/accounts", account(id, 150_000, "dana", null));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).isNotNull();
        assertThat(created.getHeaders().getLocation().toString()).endsWith("/api/accounts/" + id);
        JsonNode body = created.getBody();
        assertThat(body.path("externalId").asText()).isEqualTo(id);
        assertThat(body.path("tier").asText()).isEqualTo("high-touch");
        assertThat(body.path("status").asText()).isEqualTo("active");
        assertThat(body.path("csm").asText()).isEqualTo("dana");
        assertThat(body.path("arr").decimalValue()).isEqualByComparingTo("150000");
        assertThat(body.path("contacts").get(0).path("email").asText()).isEqualTo(id.toLowerCase() + "@customer.example");
        assertThat(body.path("journey").path("processDefinitionKey").asText()).isEqualTo("journey-high-touch");
        assertThat(body.path("journey").path("businessKey").asText()).isEqualTo(id);
        String instanceId = body.path("journey").path("processInstanceId").asText();
        assertThat(instanceId).isNotBlank();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instanceId)
                .processDefinitionKey("journey-high-touch").processInstanceBusinessKey(id).count()).isEqualTo(1);

        ResponseEntity<JsonNode> fetched = get("crm", created.getHeaders().getLocation().toString());
        assertThat(fetched.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(fetched.getBody().path("tier").asText()).isEqualTo("high-touch");
        assertThat(fetched.getBody().path("journey").path("processInstanceId").asText()).isEqualTo(instanceId);
    }

    @Test
    void enrolsAMediumTouchAccountWithItsPod() {
        String id = Journeys.newExternalId("API-MT");
        ResponseEntity<JsonNode> created = postJson("crm", "/api/accounts", account(id, 30_000, null, "pod-atlas"));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody().path("tier").asText()).isEqualTo("medium-touch");
        assertThat(created.getBody().path("pod").asText()).isEqualTo("pod-atlas");
        assertThat(created.getBody().path("journey").path("processDefinitionKey").asText()).isEqualTo("journey-medium-touch");
        assertThat(created.getBody().path("journey").path("businessKey").asText()).isEqualTo(id);
    }

    @Test
    void enrolsATrialAsTechTouch() {
        String id = Journeys.newExternalId("API-TT");
        Map<String, Object> request = account(id, 60_000, null, null);
        request.put("trial", true);
        ResponseEntity<JsonNode> created = postJson("crm", "/api/accounts", request);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody().path("tier").asText()).isEqualTo("tech-touch");
        assertThat(created.getBody().path("trial").asBoolean()).isTrue();
        assertThat(created.getBody().path("journey").path("processDefinitionKey").asText()).isEqualTo("journey-tech-touch");
    }

    @Test
    void customerSinceDefaultsToTodayOnTheEngineClock() {
        String id = Journeys.newExternalId("API-SINCE");
        Map<String, Object> request = account(id, 10_000, null, null);
        request.remove("customerSince");
        ResponseEntity<JsonNode> created = postJson("crm", "/api/accounts", request);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody().path("tier").asText()).isEqualTo("low-touch");
        assertThat(created.getBody().path("customerSince").asText()).isEqualTo(Journeys.today().toString());
    }

    static Stream<Arguments> invalidAccounts() {
        return Stream.of(
                invalid("missing name", "name", r -> r.remove("name")),
                invalid("blank name", "name", r -> r.put("name", "  ")),
                invalid("negative ARR", "arr", r -> r.put("arr", -5)),
                invalid("missing ARR", "arr", r -> r.remove("arr")),
                invalid("bad contact email", "contacts[0].email",
                        r -> r.put("contacts", List.of(Map.of("name", "Jo", "email", "not-an-email")))),
                invalid("no contacts", "contacts", r -> r.put("contacts", List.of())),
                invalid("unknown time zone", "timeZone", r -> r.put("timeZone", "Mars/Olympus_Mons")),
                invalid("unknown time zone of a contact", "contacts[0].timeZone", r -> r.put("contacts",
                        List.of(Map.of("name", "Jo", "email", "jo@customer.example", "timeZone", "Mars/Olympus_Mons")))),
                invalid("renewal date in the past", "renewalDate",
                        r -> r.put("renewalDate", Journeys.today().minusDays(1).toString())),
                invalid("renewal date today", "renewalDate", r -> r.put("renewalDate", Journeys.today().toString())),
                invalid("customer since in the future", "customerSince",
                        r -> r.put("customerSince", Journeys.today().plusDays(3).toString())),
                invalid("high-touch without CSM", "csm", r -> r.remove("csm")),
                invalid("medium-touch without pod", "pod", r -> {
                    r.put("arr", 30_000);
                    r.remove("csm");
                }),
                invalid("unknown CSM user", "csm", r -> r.put("csm", "nobody")),
                invalid("unknown pod", "pod", r -> r.put("pod", "pod-nowhere")),
                invalid("external id with spaces", "externalId", r -> r.put("externalId", "has spaces " + r.get("externalId"))));
    }

    private static Arguments invalid(String name, String field, Consumer<Map<String, Object>> change) {
        return Arguments.of(name, field, change);
    }

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @MethodSource("invalidAccounts")
    void rejectsInvalidAccountsAndWritesNothing(String name, String field, Consumer<Map<String, Object>> change) {
        String id = Journeys.newExternalId("API-BAD");
        Map<String, Object> request = account(id, 150_000, "dana", null);
        change.accept(request);

        ResponseEntity<JsonNode> answer = postJson("crm", "/api/accounts", request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).contains(field);
        for (JsonNode error : answer.getBody().path("errors")) {
            assertThat(error.path("message").asText()).isNotBlank();
            assertThat(error.has("row")).as("row only for CSV imports").isFalse();
        }
        assertNothingWritten(id);
    }

    @Test
    void namesTheFieldOfAWrongType() {
        String id = Journeys.newExternalId("API-TYPE");
        String body = toJson(account(id, 150_000, "dana", null)).replace("\"arr\":150000", "\"arr\":\"lots\"");
        assertThat(body).contains("\"arr\":\"lots\"");

        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts", body, MediaType.APPLICATION_JSON);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().path("errors")).hasSize(1);
        assertThat(answer.getBody().path("errors").get(0).path("field").asText()).isEqualTo("arr");
        assertNothingWritten(id);
    }

    @Test
    void namesTheFieldOfAWrongDate() {
        String id = Journeys.newExternalId("API-DATE");
        Map<String, Object> request = account(id, 150_000, "dana", null);
        request.put("renewalDate", "next spring");

        ResponseEntity<JsonNode> answer = postJson("crm", "/api/accounts", request);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).containsExactly("renewalDate");
        assertNothingWritten(id);
    }

    @Test
    void answersNonJsonWithAFieldlessBodyError() {
        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts", "this is { not json", MediaType.APPLICATION_JSON);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).containsExactly("body");
        assertThat(answer.getBody().path("errors").get(0).path("message").asText()).isNotBlank();
    }

    @Test
    void rejectsADuplicateExternalIdWith409() {
        String id = Journeys.newExternalId("API-DUP");
        assertThat(postJson("crm", "/api/accounts", account(id, 150_000, "dana", null)).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        Map<String, Object> again = account(id, 10_000, null, null);
        again.put("name", "Someone else");
        ResponseEntity<JsonNode> answer = postJson("crm", "/api/accounts", again);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(fieldsOf(answer)).containsExactly("externalId");
        assertThat(answer.getBody().path("errors").get(0).path("message").asText()).contains(id);
        ResponseEntity<JsonNode> kept = get("crm", "/api/accounts/" + id);
        assertThat(kept.getBody().path("name").asText()).isEqualTo("Account " + id);
        assertThat(kept.getBody().path("tier").asText()).isEqualTo("high-touch");
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isEqualTo(1);
    }

    @Test
    void unknownAccountIs404() {
        String id = Journeys.newExternalId("API-NONE");
        ResponseEntity<JsonNode> answer = get("crm", "/api/accounts/" + id);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody().path("errors").get(0).path("message").asText()).contains(id);
        assertThat(get("crm", "/api/accounts/" + id + "/timeline").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("crm", "/api/accounts/" + id + "/plan").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(patchJson("crm", "/api/accounts/" + id, Map.of("arr", 1000)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    // ---------------------------------------------------------------- CSV import

    @Test
    void importsEveryRowOfAGoodFile() {
        String ht = Journeys.newExternalId("CSV-HT");
        String mt = Journeys.newExternalId("CSV-MT");
        String tt = Journeys.newExternalId("CSV-TT");
        String csv = csv(
                row(ht, "150000", "", "", "dana", ""),
                row(mt, "30_000", "", "", "", "pod-borealis"),
                row(tt, "800", "", "yes", "", ""));

        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts/import", csv, MediaType.parseMediaType("text/csv"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(answer.getBody().path("imported").asInt()).isEqualTo(3);
        assertThat(answer.getBody().path("state").asText()).isEqualTo("done");
        assertThat(answer.getHeaders().getLocation().getPath()).startsWith("/api/accounts/imports/");
        assertThat(tierOf(ht)).isEqualTo("high-touch");
        assertThat(tierOf(mt)).isEqualTo("medium-touch");
        assertThat(tierOf(tt)).isEqualTo("tech-touch");
        assertThat(get("crm", "/api/accounts/" + mt).getBody().path("arr").decimalValue()).isEqualByComparingTo("30000");
        assertThat(get("crm", "/api/accounts/" + tt).getBody().path("journey").path("processDefinitionKey").asText())
                .isEqualTo("journey-tech-touch");
    }

    /** The CRM's industry is kept as it names it: from the API, from a file's industry column, and changed later. */
    @Test
    void keepsTheIndustryTheCrmGives() {
        String api = Journeys.newExternalId("IND-API");
        Map<String, Object> request = account(api, 40_000, null, "pod-atlas");
        request.put("industry", "  Retail ");
        assertThat(postJson("crm", "/api/accounts", request).getBody().path("industry").asText()).isEqualTo("Retail");

        String file = Journeys.newExternalId("IND-CSV");
        String unknown = Journeys.newExternalId("IND-NONE");
        String csv = CSV_HEADER + ",industry\n" + row(file, "12000", "", "", "", "") + ",Financial services\n"
                + row(unknown, "12000", "", "", "", "") + ",\n";
        assertThat(post("crm", "/api/accounts/import", csv, MediaType.parseMediaType("text/csv")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        assertThat(get("crm", "/api/accounts/" + file).getBody().path("industry").asText()).isEqualTo("Financial services");
        assertThat(get("crm", "/api/accounts/" + unknown).getBody().hasNonNull("industry")).isFalse();

        Map<String, Object> tooLong = account(Journeys.newExternalId("IND-LONG"), 40_000, null, "pod-atlas");
        tooLong.put("industry", "x".repeat(81));
        ResponseEntity<JsonNode> refused = postJson("crm", "/api/accounts", tooLong);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").get(0).path("field").asText()).isEqualTo("industry");
    }

    @Test
    void oneRowWithABadNumberImportsNothing() {
        String first = Journeys.newExternalId("CSV-OK1");
        String second = Journeys.newExternalId("CSV-OK2");
        String third = Journeys.newExternalId("CSV-BAD");
        String csv = csv(
                row(first, "150000", "", "", "dana", ""),
                row(second, "12000", "", "", "", ""),
                row(third, "abc", "", "", "", ""));

        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts/import", csv, MediaType.parseMediaType("text/csv"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = answer.getBody().path("errors").get(0);
        assertThat(answer.getBody().path("errors")).hasSize(1);
        assertThat(error.path("row").asInt()).isEqualTo(3);
        assertThat(error.path("field").asText()).isEqualTo("arr");
        assertThat(error.path("message").asText()).contains("abc");
        assertNothingWritten(first);
        assertNothingWritten(second);
        assertNothingWritten(third);
    }

    @Test
    void aRowRepeatingAnExternalIdImportsNothing() {
        String first = Journeys.newExternalId("CSV-FIRST");
        String second = Journeys.newExternalId("CSV-SECOND");
        String csv = csv(
                row(first, "150000", "", "", "dana", ""),
                row(second, "12000", "", "", "", ""),
                row(first, "12000", "", "", "", ""));

        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts/import", csv, MediaType.parseMediaType("text/csv"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().path("errors")).hasSize(1);
        JsonNode error = answer.getBody().path("errors").get(0);
        assertThat(error.path("row").asInt()).isEqualTo(3);
        assertThat(error.path("field").asText()).isEqualTo("externalId");
        assertNothingWritten(first);
        assertNothingWritten(second);
    }

    @Test
    void aRowForAnAccountAlreadyInTheBookImportsNothing() {
        String existing = Journeys.newExternalId("CSV-EXISTS");
        journeys.enrol(existing, 12_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(10),
                null, null);
        String fresh = Journeys.newExternalId("CSV-FRESH");
        String csv = csv(
                row(fresh, "12000", "", "", "", ""),
                row(existing, "12000", "", "", "", ""));

        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts/import", csv, MediaType.parseMediaType("text/csv"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = answer.getBody().path("errors").get(0);
        assertThat(error.path("row").asInt()).isEqualTo(2);
        assertThat(error.path("field").asText()).isEqualTo("externalId");
        assertNothingWritten(fresh);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(existing).count()).isEqualTo(1);
    }

    @Test
    void aRowMissingItsOwnerImportsNothing() {
        String first = Journeys.newExternalId("CSV-GOOD");
        String second = Journeys.newExternalId("CSV-NOCSM");
        String csv = csv(
                row(first, "12000", "", "", "", ""),
                row(second, "150000", "", "", "", ""));

        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts/import", csv, MediaType.parseMediaType("text/csv"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode error = answer.getBody().path("errors").get(0);
        assertThat(error.path("row").asInt()).isEqualTo(2);
        assertThat(error.path("field").asText()).isEqualTo("csm");
        assertNothingWritten(first);
        assertNothingWritten(second);
    }

    @Test
    void aFileWithoutARequiredColumnIsRejected() {
        String id = Journeys.newExternalId("CSV-NOCOL");
        String csv = "externalId,name,arr,renewalDate,timeZone,contactName\n"
                + id + ",Acme," + "12000," + Journeys.today().plusDays(300) + ",UTC,Jo Doe\n";

        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts/import", csv, MediaType.parseMediaType("text/csv"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).containsExactly("header");
        assertThat(answer.getBody().path("errors").get(0).path("message").asText()).contains("contactEmail");
        assertNothingWritten(id);
    }

    @Test
    void aFileWithoutRowsIsRejected() {
        ResponseEntity<JsonNode> answer = post("crm", "/api/accounts/import", CSV_HEADER + "\n",
                MediaType.parseMediaType("text/csv"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).containsExactly("file");
    }

    // ---------------------------------------------------------------- timeline and plan

    @Test
    void aNewHighTouchAccountHasAnEmptyTimelineAndAPlan() {
        String id = Journeys.newExternalId("API-PLAN");
        assertThat(postJson("crm", "/api/accounts", account(id, 150_000, "dana", null)).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        ResponseEntity<JsonNode> timeline = get("crm", "/api/accounts/" + id + "/timeline");
        assertThat(timeline.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(timeline.getBody().isArray()).isTrue();
        assertThat(timeline.getBody()).isEmpty();

        ResponseEntity<JsonNode> plan = get("crm", "/api/accounts/" + id + "/plan");
        assertThat(plan.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(plan.getBody().isArray()).isTrue();
        assertThat(plan.getBody()).isNotEmpty();
        for (JsonNode touch : plan.getBody()) {
            assertThat(touch.path("touch").asText()).isNotBlank();
            assertThat(touch.path("dueAt").asText()).isNotBlank();
        }
        var firstDue = java.time.Instant.parse(plan.getBody().get(0).path("dueAt").asText());
        assertThat(firstDue).isAfter(Journeys.now());
    }

    @Test
    void theTechTouchWelcomeEmailLandsOnTheTimelineOnceDelivered() {
        String id = Journeys.newExternalId("API-WELCOME");
        Map<String, Object> request = account(id, 2_000, null, null);
        request.put("trial", true);
        assertThat(postJson("crm", "/api/accounts", request).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(get("crm", "/api/accounts/" + id + "/timeline").getBody()).isEmpty();

        dispatcher.dispatchDue();

        JsonNode timeline = get("crm", "/api/accounts/" + id + "/timeline").getBody();
        assertThat(timeline).hasSize(1);
        assertThat(timeline.get(0).path("kind").asText()).isEqualTo("welcome");
        assertThat(timeline.get(0).path("channel").asText()).isEqualTo("email");
        assertThat(timeline.get(0).path("owner").asText()).isEqualTo("automated");
        assertThat(timeline.get(0).path("time").asText()).isNotBlank();
        assertThat(recipients()).contains(id.toLowerCase() + "@customer.example");
    }

    // ---------------------------------------------------------------- changes

    @Test
    void aChangeToHighTouchNeedsADedicatedCsm() {
        String id = Journeys.newExternalId("API-UP");
        ResponseEntity<JsonNode> created = postJson("crm", "/api/accounts", account(id, 30_000, null, "pod-atlas"));
        String instanceId = created.getBody().path("journey").path("processInstanceId").asText();

        ResponseEntity<JsonNode> answer = patchJson("crm", "/api/accounts/" + id, Map.of("arr", 150_000));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).containsExactly("csm");
        JsonNode after = get("crm", "/api/accounts/" + id).getBody();
        assertThat(after.path("tier").asText()).isEqualTo("medium-touch");
        assertThat(after.path("arr").decimalValue()).isEqualByComparingTo("30000");
        assertThat(after.path("journey").path("processDefinitionKey").asText()).isEqualTo("journey-medium-touch");
        assertThat(after.path("journey").path("processInstanceId").asText()).isEqualTo(instanceId);
    }

    @Test
    void aChangeToHighTouchWithItsDedicatedCsmMovesTheJourney() {
        String id = Journeys.newExternalId("API-UPCSM");
        postJson("crm", "/api/accounts", account(id, 30_000, null, "pod-atlas"));

        ResponseEntity<JsonNode> answer = patchJson("crm", "/api/accounts/" + id, Map.of("arr", 150_000, "csm", "marco"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().path("tier").asText()).isEqualTo("high-touch");
        assertThat(answer.getBody().path("csm").asText()).isEqualTo("marco");
        assertThat(answer.getBody().path("journey").path("processDefinitionKey").asText()).isEqualTo("journey-high-touch");
        assertThat(get("marco", "/api/accounts/" + id).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aChangeToAnUnknownCsmIsRejected() {
        String id = Journeys.newExternalId("API-NOCSM");
        postJson("crm", "/api/accounts", account(id, 30_000, null, "pod-atlas"));
        ResponseEntity<JsonNode> answer = patchJson("crm", "/api/accounts/" + id, Map.of("csm", "nobody"));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).containsExactly("csm");
    }

    @Test
    void aChangeOfArrMovesTheAccountToTheNewTiersJourney() {
        String id = Journeys.newExternalId("API-MOVE");
        ResponseEntity<JsonNode> created = postJson("crm", "/api/accounts", account(id, 10_000, null, "pod-atlas"));
        assertThat(created.getBody().path("tier").asText()).isEqualTo("low-touch");
        String oldInstance = created.getBody().path("journey").path("processInstanceId").asText();

        ResponseEntity<JsonNode> answer = patchJson("crm", "/api/accounts/" + id, Map.of("arr", 30_000));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().path("tier").asText()).isEqualTo("medium-touch");
        assertThat(answer.getBody().path("arr").decimalValue()).isEqualByComparingTo("30000");
        assertThat(answer.getBody().path("journey").path("processDefinitionKey").asText()).isEqualTo("journey-medium-touch");
        assertThat(answer.getBody().path("journey").path("businessKey").asText()).isEqualTo(id);
        assertThat(answer.getBody().path("journey").path("processInstanceId").asText()).isNotEqualTo(oldInstance);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(oldInstance).count()).isZero();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id)
                .processDefinitionKey("journey-low-touch").count()).isZero();
        assertThat(tierOf(id)).isEqualTo("medium-touch");
    }

    @Test
    void aChangeWithinTheTierKeepsTheJourney() {
        String id = Journeys.newExternalId("API-SAME");
        ResponseEntity<JsonNode> created = postJson("crm", "/api/accounts", account(id, 10_000, null, null));
        String instanceId = created.getBody().path("journey").path("processInstanceId").asText();

        ResponseEntity<JsonNode> answer = patchJson("crm", "/api/accounts/" + id, Map.of("arr", 12_000));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().path("tier").asText()).isEqualTo("low-touch");
        assertThat(answer.getBody().path("journey").path("processInstanceId").asText()).isEqualTo(instanceId);
    }

    @Test
    void aNegativeArrChangeIsRejected() {
        String id = Journeys.newExternalId("API-NEG");
        postJson("crm", "/api/accounts", account(id, 10_000, null, null));

        ResponseEntity<JsonNode> answer = patchJson("crm", "/api/accounts/" + id, Map.of("arr", -1));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(answer)).containsExactly("arr");
        assertThat(get("crm", "/api/accounts/" + id).getBody().path("arr").decimalValue()).isEqualByComparingTo("10000");
    }

    @Test
    void aChurnedAccountEndsItsJourneyAndCannotBeChanged() {
        String id = Journeys.newExternalId("API-CHURN");
        postJson("crm", "/api/accounts", account(id, 30_000, null, "pod-atlas"));

        ResponseEntity<JsonNode> churned = postJson("crm", "/api/accounts/" + id + "/churn", Map.of());

        assertThat(churned.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(churned.getBody().path("status").asText()).isEqualTo("churned");
        JsonNode after = get("crm", "/api/accounts/" + id).getBody();
        assertThat(after.path("status").asText()).isEqualTo("churned");
        assertThat(after.has("journey")).isFalse();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isZero();
        assertThat(get("crm", "/api/accounts/" + id + "/plan").getBody()).isEmpty();

        ResponseEntity<JsonNode> change = patchJson("crm", "/api/accounts/" + id, Map.of("arr", 150_000));
        assertThat(change.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(fieldsOf(change)).containsExactly("status");
        ResponseEntity<JsonNode> health = putJson("crm", "/api/accounts/" + id + "/health-score", Map.of("score", 10));
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(postJson("crm", "/api/accounts/" + id + "/churn", Map.of()).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).isZero();
    }

    @Test
    void aSignedRenewalMovesTheRenewalDate() {
        String id = Journeys.newExternalId("API-RENEW");
        postJson("crm", "/api/accounts", account(id, 10_000, null, null));
        LocalDate next = Journeys.today().plusDays(700);

        ResponseEntity<JsonNode> past = postJson("crm", "/api/accounts/" + id + "/renewal",
                Map.of("renewalDate", Journeys.today().minusDays(1).toString()));
        assertThat(past.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(past)).containsExactly("renewalDate");
        ResponseEntity<JsonNode> missing = postJson("crm", "/api/accounts/" + id + "/renewal", Map.of());
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(missing)).containsExactly("renewalDate");

        ResponseEntity<JsonNode> signed = postJson("crm", "/api/accounts/" + id + "/renewal",
                Map.of("renewalDate", next.toString()));
        assertThat(signed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(signed.getBody().path("renewalDate").asText()).isEqualTo(next.toString());
        assertThat(get("crm", "/api/accounts/" + id).getBody().path("renewalDate").asText()).isEqualTo(next.toString());
    }

    // ---------------------------------------------------------------- health

    @Test
    void aLowHealthScoreStartsAnAtRiskEscalation() {
        String id = Journeys.newExternalId("API-RISK");
        postJson("crm", "/api/accounts", account(id, 150_000, "dana", null));

        ResponseEntity<JsonNode> answer = putJson("crm", "/api/accounts/" + id + "/health-score", Map.of("score", 30));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().path("healthStatus").asText()).isEqualTo("at-risk");
        assertThat(answer.getBody().path("score").asInt()).isEqualTo(30);
        assertThat(answer.getBody().path("externalId").asText()).isEqualTo(id);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).isEqualTo(1);
        assertThat(get("crm", "/api/accounts/" + id).getBody().path("healthScore").asInt()).isEqualTo(30);

        // a second low score does not start a second escalation
        assertThat(putJson("crm", "/api/accounts/" + id + "/health-score", Map.of("score", 20)).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).isEqualTo(1);
    }

    @Test
    void aHealthyScoreStartsNoEscalation() {
        String id = Journeys.newExternalId("API-HEALTHY");
        postJson("crm", "/api/accounts", account(id, 30_000, null, "pod-atlas"));

        ResponseEntity<JsonNode> answer = putJson("crm", "/api/accounts/" + id + "/health-score", Map.of("score", 85));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().path("healthStatus").asText()).isEqualTo("healthy");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).isZero();
    }

    @Test
    void aHealthScoreOutOfRangeIsRejected() {
        String id = Journeys.newExternalId("API-RANGE");
        postJson("crm", "/api/accounts", account(id, 30_000, null, "pod-atlas"));

        for (int score : new int[] {120, -1}) {
            ResponseEntity<JsonNode> answer = putJson("crm", "/api/accounts/" + id + "/health-score", Map.of("score", score));
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(fieldsOf(answer)).containsExactly("score");
        }
        ResponseEntity<JsonNode> missing = putJson("crm", "/api/accounts/" + id + "/health-score", Map.of());
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fieldsOf(missing)).containsExactly("score");

        assertThat(get("crm", "/api/accounts/" + id).getBody().has("healthScore")).isFalse();
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** A valid enrolment request: renewal in 300 days, customer for 10 days, one contact. */
    private static Map<String, Object> account(String id, long arr, String csm, String pod) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("externalId", id);
        request.put("name", "Account " + id);
        request.put("arr", arr);
        request.put("renewalDate", Journeys.today().plusDays(300).toString());
        request.put("customerSince", Journeys.today().minusDays(10).toString());
        request.put("timeZone", "Europe/Berlin");
        if (csm != null) {
            request.put("csm", csm);
        }
        if (pod != null) {
            request.put("pod", pod);
        }
        request.put("contacts", List.of(Map.of("name", "Jamie Customer", "email", id.toLowerCase() + "@customer.example",
                "role", "primary")));
        return request;
    }

    private static String csv(String... rows) {
        return CSV_HEADER + "\n" + String.join("\n", rows) + "\n";
    }

    private static String row(String id, String arr, String strategic, String trial, String csm, String pod) {
        LocalDate renewal = Journeys.today().plusDays(300);
        LocalDate since = Journeys.today().minusDays(10);
        return String.join(",", id, "\"Account " + id + ", Inc.\"", arr, strategic, trial, renewal.toString(),
                since.toString(), "America/New_York", csm, pod, "Jamie Customer", id.toLowerCase() + "@customer.example",
                "champion");
    }

    private void assertNothingWritten(String externalId) {
        assertThat(get("crm", "/api/accounts/" + externalId).getStatusCode())
                .as("account %s must not exist", externalId).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(externalId).count())
                .as("no journey for %s", externalId).isZero();
    }

    private String tierOf(String externalId) {
        ResponseEntity<JsonNode> answer = get("crm", "/api/accounts/" + externalId);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody().path("tier").asText();
    }

    private static List<String> fieldsOf(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getBody()).as("error body").isNotNull();
        List<String> fields = new ArrayList<>();
        answer.getBody().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private static List<String> recipients() {
        List<String> all = new ArrayList<>();
        for (MimeMessage message : MAIL.getReceivedMessages()) {
            try {
                for (var address : message.getRecipients(Message.RecipientType.TO)) {
                    all.add(((jakarta.mail.internet.InternetAddress) address).getAddress());
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ResponseEntity<JsonNode> get(String user, String path) {
        return rest.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, JsonNode.class);
    }

    private ResponseEntity<JsonNode> postJson(String user, String path, Object body) {
        return post(user, path, toJson(body), MediaType.APPLICATION_JSON);
    }

    private ResponseEntity<JsonNode> patchJson(String user, String path, Object body) {
        return send(user, HttpMethod.PATCH, path, toJson(body), MediaType.APPLICATION_JSON);
    }

    private ResponseEntity<JsonNode> putJson(String user, String path, Object body) {
        return send(user, HttpMethod.PUT, path, toJson(body), MediaType.APPLICATION_JSON);
    }

    private ResponseEntity<JsonNode> post(String user, String path, String body, MediaType type) {
        return send(user, HttpMethod.POST, path, body, type);
    }

    private ResponseEntity<JsonNode> send(String user, HttpMethod method, String path, String body, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
