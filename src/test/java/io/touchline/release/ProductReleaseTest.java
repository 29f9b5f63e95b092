package io.touchline.release;

import static org.assertj.core.api.Assertions.assertThat;

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

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.messaging.ContactPreferences;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * Product updates "when there is a real release": the product team announces one, and the contacts
 * of the chosen tiers who want product updates get it, in the background, once; a contact who
 * switched product updates off and the accounts of other tiers get nothing.
 */
class ProductReleaseTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ContactPreferences preferences;

    private ResponseEntity<JsonNode> announce(String user, Map<String, Object> release) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth(user, user).exchange("/api/releases", HttpMethod.POST, new HttpEntity<>(release, headers),
                JsonNode.class);
    }

    private static List<String> fields(ResponseEntity<JsonNode> answer) {
        List<String> fields = new java.util.ArrayList<>();
        answer.getBody().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    @Test
    void aReleaseReachesTheContactsWhoWantProductUpdatesInItsTiersOnce() throws Exception {
        String high = Journeys.newExternalId("REL-HIGH");
        String low = Journeys.newExternalId("REL-LOW");
        String tech = Journeys.newExternalId("REL-TECH");
        journeys.enrol(high, 150_000, false, false, daysFromNow(300), daysFromNow(-400), "dana", null);
        journeys.enrol(low, 10_000, false, false, daysFromNow(300), daysFromNow(-400), null, null);
        journeys.enrol(tech, 1_000, false, false, daysFromNow(300), daysFromNow(-400), null, null);
        preferences.optOut(low.toLowerCase() + "@customer.example", "product-updates");
        journeys.executeDueJobs();
        int before = mailsOf(high).size();

        String id = "2027.01-" + high.substring(high.length() - 8);
        ResponseEntity<JsonNode> started = announce("crm", Map.of("releaseId", id, "title", "Saved views and alerts",
                "summary", "Save the filters you use every week.", "tiers", List.of("high-touch", "low-touch")));
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(started.getHeaders().getLocation().getPath()).isEqualTo("/api/releases/" + id);
        assertThat(started.getBody().path("state").asText()).isEqualTo("sending");

        journeys.executeDueJobs();
        JsonNode status = rest.withBasicAuth("ops", "ops").getForObject("/api/releases/" + id, JsonNode.class);
        assertThat(status.path("state").asText()).isEqualTo("done");
        assertThat(status.path("accountsReached").asInt()).isEqualTo(status.path("accountsTotal").asInt()).isPositive();
        assertThat(status.path("contactsNotEmailed").asInt()).as("the one who switched product updates off").isPositive();
        assertThat(mailsOf(high)).hasSize(before + 1);
        assertThat(subject(mailsOf(high).get(mailsOf(high).size() - 1))).isEqualTo("New in Acme Cloud: Saved views and alerts");
        assertThat(mailsOf(low)).noneMatch(m -> subject(m).startsWith("New in"));
        assertThat(mailsOf(tech)).noneMatch(m -> subject(m).startsWith("New in"));

        assertThat(announce("crm", Map.of("releaseId", id, "title", "Again", "summary", "Again")).getStatusCode())
                .as("announced once").isEqualTo(HttpStatus.CONFLICT);
        journeys.executeDueJobs();
        assertThat(mailsOf(high)).hasSize(before + 1);
    }

    @Test
    void badAnnouncementsAreRefusedNamingTheField_andOnlyCsOpsAndSystemsAnnounce() {
        assertThat(fields(announce("crm", Map.of("releaseId", "a/b", "title", "T", "summary", "S")))).containsExactly("releaseId");
        assertThat(fields(announce("crm", Map.of("releaseId", "r-1", "title", "T", "summary", "S", "tiers", List.of("gold")))))
                .containsExactly("tiers[0]");
        assertThat(fields(announce("crm", Map.of("releaseId", "r-2", "title", "T\r\nBcc: x@evil.example", "summary", "S"))))
                .containsExactly("title");
        assertThat(announce("dana", Map.of("releaseId", "r-3", "title", "T", "summary", "S")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(rest.withBasicAuth("ops", "ops").getForEntity("/api/releases/r-3", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
