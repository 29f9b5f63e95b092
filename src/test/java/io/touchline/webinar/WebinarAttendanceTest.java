package io.touchline.webinar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * The webinar tool reports who registered and attended, as its CSV export: a bad line refuses the report naming it
 * and writes nothing; a CSM may not report; addresses Touchline never invited are named. The Results page then
 * counts, per tier, registrations against the invitations and attendance against the registrations, with their
 * targets (30% and 50%).
 */
class WebinarAttendanceTest extends ProcessTestBase {

    /** A month no other test reaches: the invitations and reports counted are this test's alone. */
    private static final Instant START = Instant.parse("2034-01-03T10:00:00Z");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    private ResponseEntity<JsonNode> report(String user, long webinar, String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.valueOf("text/csv"));
        return rest.withBasicAuth(user, user).postForEntity("/api/webinars/" + webinar + "/attendees", new HttpEntity<>(csv, headers),
                JsonNode.class);
    }

    @Test
    void theToolsReportGivesRegistrationAndAttendancePerTier() {
        ClockUtil.setCurrentTime(Date.from(START));
        // a database kept between runs (PostgreSQL on a developer's machine) still has an earlier run's accounts
        jdbc.update("delete from account where external_id like 'WEBATT-%'");
        List<String> audience = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = Journeys.newExternalId("WEBATT");
            // in a pod of their own so the figures below are theirs (a database kept between runs invites more)
            journeys.enrol(id, 10_000, false, false, Journeys.today().plusDays(200), Journeys.today().minusDays(300), null,
                    "pod-borealis");
            audience.add(id);
        }
        ResponseEntity<JsonNode> scheduled = rest.withBasicAuth("ops", "ops").postForEntity("/api/webinars", Map.of(
                "title", "Reports your board will read", "startsAt", "2034-01-20T16:00:00Z",
                "joinUrl", "https://meet.acme-cloud.example/w/reports", "tiers", List.of("low-touch")), JsonNode.class);
        assertThat(scheduled.getStatusCode()).as(String.valueOf(scheduled.getBody())).isEqualTo(HttpStatus.CREATED);
        long webinar = scheduled.getBody().path("id").asLong();
        for (int day = 0; day < 18; day++) {
            journeys.advance(Duration.ofDays(1));
        }
        for (String account : audience) {
            assertThat(jdbc.queryForObject("select count(*) from outbox_message where id like ?", Long.class,
                    "webinar-" + webinar + "/Send_Invitations/" + account + "/%")).as(account + " invited").isEqualTo(1);
        }

        String a = audience.get(0).toLowerCase() + "@customer.example";
        String b = audience.get(1).toLowerCase() + "@customer.example";
        String c = audience.get(2).toLowerCase() + "@customer.example";
        ResponseEntity<JsonNode> bad = report("ops", webinar, "email,registered,attended\n" + a + ",yes,yes\n" + b + ",maybe,no\n");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().toString()).contains("line 3: 'maybe' is not yes or no");
        assertThat(jdbc.queryForObject("select count(*) from webinar_attendee where webinar_id = ?", Long.class, webinar))
                .as("nothing written").isZero();
        assertThat(report("priya", webinar, "email,registered,attended\n" + a + ",yes,yes\n").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<JsonNode> ok = report("crm", webinar, "Email,Registered,Attended\n" + a.toUpperCase() + ",yes,yes\n" + b
                + ",yes,no\n" + c + ",no,no\nstranger@elsewhere.example,yes,yes\n");
        assertThat(ok.getStatusCode()).as(String.valueOf(ok.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(ok.getBody().path("recorded").asInt()).isEqualTo(4);
        assertThat(ok.getBody().path("notInvited").toString()).contains("stranger@elsewhere.example");

        JsonNode results = rest.withBasicAuth("ops", "ops").getForObject("/api/results?months=1&owner=pod-borealis", JsonNode.class);
        JsonNode low = null;
        for (JsonNode w : results.path("webinars")) {
            if (w.path("tier").asText().equals("low-touch")) {
                low = w;
            }
        }
        assertThat(low).as(results.toString()).isNotNull();
        assertThat(low.path("invited").asLong()).isEqualTo(4);
        assertThat(low.path("registered").asLong()).as("the stranger belongs to no account").isEqualTo(2);
        assertThat(low.path("attended").asLong()).isEqualTo(1);
        assertThat(low.path("registrationRate").asDouble()).isEqualTo(0.5);
        assertThat(low.path("registrationFloor").asDouble()).isEqualTo(0.3);
        assertThat(low.path("registrationStatus").asText()).as("judged from 20 invitations (results-targets.dmn)")
                .isEqualTo("too few to judge (4 of at least 20)");
        assertThat(low.path("attendanceRate").asDouble()).isEqualTo(0.5);
        assertThat(low.path("attendanceStatus").asText()).isEqualTo("too few to judge (2 of at least 10)");
        assertThat(rest.withBasicAuth("ops", "ops").getForObject("/results?months=1&owner=pod-borealis", String.class))
                .contains("Webinars", "2 of 4");
    }
}
