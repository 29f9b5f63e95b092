package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** The product reads a tech-touch account's in-app feed over REST and marks what its users saw. */
class InAppFeedTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;

    @Test
    void theProductReadsTheFeedAndMarksMessagesSeen() {
        String id = Journeys.newExternalId("INAPP");
        journeys.enrol(id, 1_000, false, false, daysFromNow(300), Journeys.today(), null, null);
        journeys.advance(Duration.ofDays(61)); // day 60: feature discovery tips, in the app

        JsonNode feed = rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id + "/in-app?unseen=true",
                JsonNode.class);
        assertThat(feed).hasSize(1);
        assertThat(feed.get(0).path("template").asText()).isEqualTo("feature-discovery");
        assertThat(feed.get(0).path("title").asText()).isNotBlank();
        assertThat(feed.get(0).path("body").asText()).isNotBlank();
        long messageId = feed.get(0).path("id").asLong();

        String seen = "/api/accounts/" + id + "/in-app/" + messageId + "/seen";
        assertThat(rest.withBasicAuth("crm", "crm").postForEntity(seen, null, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth("crm", "crm").postForEntity(seen, null, JsonNode.class).getStatusCode())
                .as("a repeat changes nothing").isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id + "/in-app?unseen=true",
                JsonNode.class)).isEmpty();
        assertThat(rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id + "/timeline", JsonNode.class))
                .anySatisfy(e -> assertThat(e.path("channel").asText()).isEqualTo("in-app"));
        assertThat(rest.withBasicAuth("crm", "crm").postForEntity("/api/accounts/" + id + "/in-app/999999/seen", null,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
