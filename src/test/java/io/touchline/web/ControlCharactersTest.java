package io.touchline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

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
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.messaging.AccountMail;
import io.touchline.support.Journeys;
import io.touchline.support.TouchlineTest;

/**
 * Garbage in names and ids: a NUL (PostgreSQL cannot store it) or a line break (it would cut an
 * email's subject) is refused with a 400 naming the field, and nothing is written; a name that an
 * older version let in still gives a one-line subject.
 */
@TouchlineTest
class ControlCharactersTest {

    private static final String INJECTED_NAME = "Injco A\r\nBcc: evil@x.example";

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    Journeys journeys;
    @Autowired
    AccountRepository accounts;
    @Autowired
    AccountMail mail;
    @Autowired
    JdbcTemplate jdbc;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        journeys.cleanUp();
    }

    @Test
    void aNameWithALineBreakIsRefusedInTheApiAndTheImport() throws Exception {
        String id = Journeys.newExternalId("CTRL-NAME");
        ResponseEntity<JsonNode> enrol = send(HttpMethod.POST, "/api/accounts", json.writeValueAsString(Map.of(
                "externalId", id, "name", INJECTED_NAME, "arr", 800, "renewalDate", Journeys.today().plusDays(300).toString(),
                "timeZone", "UTC", "contacts", List.of(Map.of("name", "Jo\nDoe", "email", "jo@injco.example")))),
                MediaType.APPLICATION_JSON);
        assertThat(enrol.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(enrol)).contains("name", "contacts[0].name");
        assertThat(accounts.findByExternalId(id)).isEmpty();

        String csv = "externalId,name,arr,renewalDate,timeZone,contactName,contactEmail\n"
                + id + ",\"" + INJECTED_NAME + "\",800," + Journeys.today().plusDays(300) + ",UTC,Jo Doe,jo@injco.example\n";
        ResponseEntity<JsonNode> imported = send(HttpMethod.POST, "/api/accounts/import", csv, MediaType.parseMediaType("text/csv"));
        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(imported.getBody().path("errors").get(0).path("row").asInt()).isEqualTo(1);
        assertThat(imported.getBody().path("errors").get(0).path("field").asText()).isEqualTo("name");
        assertThat(accounts.findByExternalId(id)).isEmpty();
    }

    @Test
    void aNulAnywhereIsA400NamingTheField() throws Exception {
        String id = Journeys.newExternalId("CTRL-NUL");
        journeys.enrol(id, 800, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(200), null, null);

        // in a JSON body: the events batch's external id, a milestone's name
        ResponseEntity<JsonNode> batch = send(HttpMethod.POST, "/api/events", json.writeValueAsString(List.of(Map.of(
                "externalId", id + "\u0000", "event", Map.of("type", "milestone-reached", "eventId", "m-1",
                        "occurredAt", "2026-01-01T00:00:00Z", "milestone", "First dashboard")))), MediaType.APPLICATION_JSON);
        assertThat(batch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(batch.getBody().path("errors").get(0).path("field").asText()).isEqualTo("[0].externalId");
        assertThat(batch.getBody().path("errors").get(0).path("message").asText()).isEqualTo("may not contain a NUL character");

        ResponseEntity<JsonNode> milestone = send(HttpMethod.POST, "/api/accounts/" + id + "/events",
                json.writeValueAsString(Map.of("type", "milestone-reached", "eventId", "m-2",
                        "occurredAt", "2026-01-01T00:00:00Z", "milestone", "First\u0000dashboard")), MediaType.APPLICATION_JSON);
        assertThat(milestone.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(milestone.getBody().path("errors").get(0).path("field").asText()).isEqualTo("milestone");

        // in the path (the web server refuses an encoded NUL itself) and in a query parameter
        assertThat(raw("/api/accounts/" + id + "%00/timeline").statusCode()).isEqualTo(400);
        java.net.http.HttpResponse<String> query = raw("/api/accounts?q=Acme%00");
        assertThat(query.statusCode()).isEqualTo(400);
        assertThat(query.body()).contains("\"field\":\"q\"");
        assertThat(jdbc.queryForObject("select count(*) from account_event e join account a on a.id = e.account_id"
                + " where a.external_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void aNameWithALineBreakFromBeforeStillGivesAOneLineSubject() {
        String id = Journeys.newExternalId("CTRL-OLD");
        journeys.enrol(id, 800, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(200), null, null);
        jdbc.update("update account set name = ? where external_id = ?", INJECTED_NAME, id);
        Account account = accounts.findByExternalId(id).orElseThrow();

        AccountMail.Composed composed = mail.compose(account, "check-in-email", Map.of(), 1);

        assertThat(composed.mail().subject()).endsWith("Injco A Bcc: evil@x.example?").doesNotContain("\r", "\n");
        assertThat(composed.mail().text()).doesNotStartWith("Bcc");
    }

    private java.net.http.HttpResponse<String> raw(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + path)).header("Authorization", "Basic "
                        + java.util.Base64.getEncoder().encodeToString("crm:crm".getBytes())).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fields(ResponseEntity<JsonNode> answer) {
        return answer.getBody().path("errors").findValuesAsText("field");
    }

    private ResponseEntity<JsonNode> send(HttpMethod method, String path, String body, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        if (type != null) {
            headers.setContentType(type);
        }
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.withBasicAuth("crm", "crm").exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
