package io.touchline.webinar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import io.touchline.support.ProcessTestBase;

/** The webinars API over HTTP: bad input answered 400 naming the field (nothing written), who may use it. */
class WebinarApiTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    private static Map<String, Object> webinar(String title, String startsAt, String joinUrl, List<String> tiers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("startsAt", startsAt);
        body.put("joinUrl", joinUrl);
        if (tiers != null) {
            body.put("tiers", tiers);
        }
        return body;
    }

    private static Map<String, Object> valid() {
        return webinar("Automations that keep running", "2027-02-10T16:00:00Z", "https://meet.acme-cloud.example/w/auto", null);
    }

    private ResponseEntity<JsonNode> post(String user, Object body) {
        return rest.withBasicAuth(user, user).postForEntity("/api/webinars", body, JsonNode.class);
    }

    private int webinars() {
        return jdbc.queryForObject("select count(*) from webinar", Integer.class);
    }

    /** "field: message" of each error in a 400 answer. */
    private static List<String> errors(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        return answer.getBody().path("errors").findValuesAsText("field");
    }

    @Autowired
    io.touchline.account.AccountService accounts;

    /** Scheduling says whom the start time suits: a Friday 14:00 UTC webinar is Friday 22:00 for a contact in Singapore. */
    @Test
    void schedulingSaysWhomTheStartTimeSuits() {
        accounts.enrol(Journeys.request(Journeys.newExternalId("WEBTIME"), 1_000, false, false, Journeys.today().plusDays(200),
                Journeys.today().minusDays(100), null, null, "Asia/Singapore"), Journeys.CRM);
        accounts.enrol(Journeys.request(Journeys.newExternalId("WEBTIME"), 1_000, false, false, Journeys.today().plusDays(200),
                Journeys.today().minusDays(100), null, null, "UTC"), Journeys.CRM);
        ResponseEntity<JsonNode> scheduled = post("ops", webinar("Reports in ten minutes", "2027-02-12T14:00:00Z",
                "https://meet.acme-cloud.example/w/reports", List.of("tech-touch")));
        assertThat(scheduled.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode timing = scheduled.getBody().path("timing");
        assertThat(timing.path("contacts").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(timing.path("suited").asLong()).isGreaterThanOrEqualTo(1).isLessThan(timing.path("contacts").asLong());
        assertThat(timing.path("outside").findValuesAsText("zone")).contains("Asia/Singapore").doesNotContain("UTC");
        for (JsonNode zone : timing.path("outside")) {
            if (zone.path("zone").asText().equals("Asia/Singapore")) {
                assertThat(zone.path("localStart").asText()).isEqualTo("Fri 22:00");
            }
        }
        assertThat(scheduled.getBody().path("fit").asText()).matches(
                "the start suits \\d+ of \\d+ contacts \\(weekdays 09:00-17:00 local time\\)");
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        int before = webinars();

        assertThat(errors(post("ops", webinar(" ", "2027-01-03T16:00:00Z", "ftp://files.example/w", List.of("low-touch", "gold")))))
                .containsExactlyInAnyOrder("title", "startsAt", "joinUrl", "tiers[1]");
        assertThat(errors(post("ops", webinar("T", "next Tuesday at four", "not a url at all", List.of()))))
                .containsExactlyInAnyOrder("startsAt", "joinUrl", "tiers");
        assertThat(errors(post("ops", webinar("T", "2027-02-10T16:00:00", "https://meet.example/w", null))))
                .as("a date-time without offset is ambiguous").containsExactly("startsAt");
        assertThat(errors(post("ops", webinar("T", "2027-02-10T16:00:00Z", "https:///no-host", null)))).containsExactly("joinUrl");
        assertThat(errors(post("ops", webinar(null, null, null, null)))).containsExactlyInAnyOrder("title", "startsAt", "joinUrl");
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        assertThat(errors(rest.withBasicAuth("ops", "ops").postForEntity("/api/webinars",
                new HttpEntity<>("{\"title\": ", json), JsonNode.class))).containsExactly("body");

        ResponseEntity<JsonNode> past = post("ops", webinar("T", "2027-01-04T09:00:00Z", "https://meet.example/w", null));
        assertThat(past.getBody().path("errors").get(0).path("message").asText()).isEqualTo("must be in the future");
        ResponseEntity<JsonNode> gold = post("ops", webinar("T", "2027-02-10T16:00:00Z", "https://meet.example/w", List.of("gold")));
        assertThat(gold.getBody().path("errors").get(0).path("message").asText()).startsWith("'gold' is not a tier");
        assertThat(webinars()).as("nothing written").isEqualTo(before);
    }

    @Test
    void csOpsAndManagersSchedule_aCsmOrASystemMayNot() {
        ResponseEntity<JsonNode> byManager = post("morgan", webinar("Automations that keep running",
                "2027-02-10T17:00:00+01:00", "https://meet.acme-cloud.example/w/auto", List.of("tech-touch")));
        assertThat(byManager.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(byManager.getBody().path("startsAt").asText()).as("an offset date-time is an instant")
                .isEqualTo("2027-02-10T16:00:00Z");
        assertThat(byManager.getBody().path("tiers").toString()).isEqualTo("[\"tech-touch\"]");
        assertThat(byManager.getBody().path("state").asText()).isEqualTo("scheduled");
        long id = byManager.getBody().path("id").asLong();

        int before = webinars();
        assertThat(post("priya", valid()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("casey", valid()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("crm", valid()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("priya", "priya").getForEntity("/api/webinars", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("priya", "priya").exchange("/api/webinars/" + id, HttpMethod.DELETE, null,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.getForEntity("/api/webinars", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(webinars()).isEqualTo(before);

        JsonNode upcoming = rest.withBasicAuth("ops", "ops").getForObject("/api/webinars", JsonNode.class);
        assertThat(upcoming.findValues("id").stream().map(JsonNode::asLong)).contains(id);
        assertThat(rest.withBasicAuth("ops", "ops").getForObject("/api/webinars/" + id, JsonNode.class)
                .path("planned").get(0).path("at").asText()).isEqualTo("2027-01-27T16:00:00Z");
        assertThat(rest.withBasicAuth("ops", "ops").exchange("/api/webinars/999999", HttpMethod.DELETE, null,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void csOpsPreviewTheWebinarTemplatesWithoutAWebinar() {
        String id = Journeys.newExternalId("WEB-PREVIEW");
        journeys.enrol(id, 2_000, false, false, daysFromNow(300), daysFromNow(-200), null, null);
        for (String template : List.of("webinar-invitation", "webinar-reminder")) {
            ResponseEntity<JsonNode> preview = rest.withBasicAuth("ops", "ops")
                    .getForEntity("/api/templates/" + template + "/preview?account=" + id, JsonNode.class);
            assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(preview.getBody().path("communicationType").asText()).isEqualTo("training");
            assertThat(preview.getBody().path("subject").asText()).contains("live Acme Cloud training");
            assertThat(preview.getBody().path("text").asText()).contains("Date and time to follow")
                    .contains("Email preferences");
            assertThat(preview.getBody().path("html").asText()).contains("Join the webinar");
        }
    }
}
