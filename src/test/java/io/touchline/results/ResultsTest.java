package io.touchline.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
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
 * A book with known outcomes gives exactly the expected figures: business review and call attendance, reschedule
 * rate and NPS per tier, against results-targets.dmn, for the period asked, with the months and the accounts
 * behind them; a lower tier's NPS above a higher one's is a warning; a pod CSM sees her pod's figures only.
 */
class ResultsTest extends ProcessTestBase {

    /** A day no other test reaches: the figures are this test's alone. */
    private static final Instant NOW = Instant.parse("2031-06-17T10:00:00Z");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    private int events;

    /** A call as the form records it: the touchpoint the recordTouchpoint listener writes. */
    private void call(String account, String form, String outcome, Instant at) {
        jdbc.update("""
                insert into touchpoint (account_id, kind, title, channel, owner, outcome, occurred_at)
                select id, ?, ?, 'video-call', coalesce(csm, pod), ?, ? from account where external_id = ?""",
                form, form, outcome, Timestamp.from(at), account);
    }

    /** An automated email delivered to the account at {@code at}, with its engagement kinds ("open", "click", "machine-open"). */
    private void email(String account, int n, Instant at, String... kinds) {
        String id = account + "/Send_Results/" + n;
        jdbc.update("""
                insert into outbox_message (id, account_id, template, title, from_name, from_address, recipient_name, recipient,
                  subject, text_body, html_body, created_at, next_attempt_at, attempts, sent_at)
                select ?, id, 'check-in', 'Send check-in email', 'Acme', 'success@acme.example', 'Jamie', 'jamie@customer.example',
                  'How are things?', 'Hi', '<p>Hi</p>', ?, ?, 1, ? from account where external_id = ?""",
                id, Timestamp.from(at), Timestamp.from(at), Timestamp.from(at), account);
        for (String kind : kinds) {
            jdbc.update("insert into email_engagement (message_id, kind, url, first_at, last_at, count) values (?, ?, ?, ?, ?, 1)",
                    id, kind, kind.equals("click") ? "https://app.acme-cloud.example" : "", Timestamp.from(at), Timestamp.from(at));
        }
    }

    private void nps(String account, int score) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "nps-answer");
        event.put("eventId", "results-nps-" + account + "-" + (++events));
        event.put("occurredAt", NOW.toString());
        event.put("score", score);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> sent = rest.withBasicAuth("crm", "crm").postForEntity("/api/accounts/" + account + "/events",
                new HttpEntity<>(event, headers), JsonNode.class);
        assertThat(sent.getStatusCode().is2xxSuccessful()).as(String.valueOf(sent.getBody())).isTrue();
    }

    private static JsonNode figure(JsonNode report, String measure, String tier) {
        for (JsonNode f : report.path("figures")) {
            if (f.path("measure").asText().equals(measure) && f.path("tier").asText().equals(tier)) {
                return f;
            }
        }
        return null;
    }

    @Test
    void aBookWithKnownOutcomesGivesTheExpectedFiguresAgainstTheTargets() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        // a database kept between runs (PostgreSQL on a developer's machine) still has an earlier run's accounts
        jdbc.update("delete from account where external_id like 'RES-%'");
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        String high = Journeys.newExternalId("RES-HIGH");
        String medium = Journeys.newExternalId("RES-MEDIUM");
        String tech = Journeys.newExternalId("RES-TECH");
        journeys.enrol(high, 150_000, false, false, today.plusDays(300), today.minusDays(400), "dana", null);
        journeys.enrol(medium, 40_000, false, false, today.plusDays(300), today.minusDays(400), null, "pod-atlas");
        journeys.enrol(tech, 2_000, false, false, today.plusDays(300), today.minusDays(400), null, null);

        Instant thisMonth = Instant.parse("2031-06-10T14:00:00Z");
        Instant lastMonth = Instant.parse("2031-05-12T14:00:00Z");
        Instant longAgo = Instant.parse("2030-11-12T14:00:00Z");
        // high-touch: reviews 4 held + 1 missed (80%), check-ins 2 held, 1 rescheduled, 1 missed
        for (int i = 0; i < 4; i++) {
            call(high, "business-review", "held", i < 2 ? thisMonth : lastMonth);
        }
        call(high, "business-review", "no-show", lastMonth);
        call(high, "check-in-call", "held", thisMonth);
        call(high, "check-in-call", "held", lastMonth);
        call(high, "check-in-call", "rescheduled", thisMonth);
        call(high, "check-in-call", "no-show", thisMonth);
        call(high, "check-in-call", "no-show", longAgo); // before the period
        call(high, "check-in-call", "held", Instant.parse("2031-07-03T10:00:00Z")); // after it (a clock set back)
        call(high, "inbound-request", "answered", thisMonth); // not a scheduled call
        jdbc.update("""
                insert into touchpoint (account_id, kind, title, channel, owner, outcome, occurred_at)
                select id, 'webinar-invitation', 'Send webinar invitations', 'email', 'automated', 'held', ? from account
                where external_id = ?""", Timestamp.from(thisMonth), high); // an email held back by the cap: not a call
        // medium-touch: reviews 1 held of 3 (33%, below 50%)
        call(medium, "business-review", "held", thisMonth);
        call(medium, "business-review", "no-show", thisMonth);
        call(medium, "business-review", "rescheduled", lastMonth);
        // emails: a person opened and clicked; only the proxy fetched; the proxy and then a person; nobody
        email(high, 1, thisMonth, "open", "click");
        email(high, 2, thisMonth, "machine-open");
        email(high, 3, lastMonth, "machine-open", "open");
        email(high, 4, lastMonth);
        email(high, 5, longAgo, "open"); // before the period
        email(high, 6, Instant.parse("2031-07-03T10:00:00Z"), "open"); // after it
        for (int score : new int[] { 6, 6, 7, 8, 9 }) {
            nps(high, score);   // 1 promoter, 2 passives, 2 detractors: -20
        }
        for (int score : new int[] { 9, 10, 10, 9, 3 }) {
            nps(tech, score);   // 4 promoters, 1 detractor: +60
        }

        JsonNode report = rest.withBasicAuth("ops", "ops").getForObject("/api/results?months=3", JsonNode.class);
        assertThat(report.path("from").asText()).isEqualTo("2031-04-01");
        JsonNode review = figure(report, "business-review-attendance", "high-touch");
        assertThat(review.path("scheduled").asLong()).isEqualTo(5);
        assertThat(review.path("hits").asLong()).isEqualTo(4);
        assertThat(review.path("value").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(review.path("floor").asDouble()).isEqualTo(0.8);
        assertThat(review.path("status").asText()).isEqualTo("on target");
        JsonNode mediumReview = figure(report, "business-review-attendance", "medium-touch");
        assertThat(mediumReview.path("value").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(mediumReview.path("floor").asDouble()).isEqualTo(0.5);
        assertThat(mediumReview.path("status").asText()).isEqualTo("below target");
        JsonNode calls = figure(report, "call-attendance", "high-touch");
        assertThat(calls.path("scheduled").asLong()).as("reviews and check-ins in the period, not the request").isEqualTo(9);
        assertThat(calls.path("hits").asLong()).isEqualTo(6);
        assertThat(calls.path("floor").asDouble()).isEqualTo(0.6);
        assertThat(calls.path("status").asText()).isEqualTo("on target");
        assertThat(figure(report, "call-attendance", "medium-touch").path("status").asText())
                .as("3 calls, judged from 5").isEqualTo("too few to judge (3 of at least 5)");
        JsonNode reschedules = figure(report, "reschedule-rate", "high-touch");
        assertThat(reschedules.path("hits").asLong()).isEqualTo(1);
        assertThat(reschedules.path("status").asText()).isEqualTo("no target");
        // the months: June 2 reviews held of 2, May 2 of 3
        JsonNode months = review.path("months");
        assertThat(months.get(months.size() - 1).path("month").asText()).isEqualTo("2031-06");
        assertThat(months.get(months.size() - 1).path("value").asDouble()).isEqualTo(1.0);
        assertThat(months.get(months.size() - 2).path("value").asDouble()).isCloseTo(2.0 / 3, within(1e-9));

        JsonNode emails = report.path("emails").get(0);
        assertThat(emails.path("tier").asText()).isEqualTo("high-touch");
        assertThat(emails.path("delivered").asLong()).isEqualTo(4);
        assertThat(emails.path("opened").asLong()).as("people's opens, not the proxy's").isEqualTo(2);
        assertThat(emails.path("proxyOnly").asLong()).isEqualTo(1);
        assertThat(emails.path("openRate").asDouble()).isEqualTo(0.5);
        assertThat(emails.path("clickRate").asDouble()).isEqualTo(0.25);
        assertThat(emails.path("openFloor").asDouble()).isEqualTo(0.2);
        assertThat(emails.path("openGoal").asDouble()).isEqualTo(0.25);
        assertThat(emails.path("openStatus").asText()).as("judged from 20 emails (results-targets.dmn)")
                .isEqualTo("too few to judge (4 of at least 20)");

        JsonNode highNps = report.path("nps").get(0);
        assertThat(highNps.path("tier").asText()).isEqualTo("high-touch");
        assertThat(highNps.path("answers").asLong()).isEqualTo(5);
        assertThat(highNps.path("nps").asDouble()).isEqualTo(-20.0);
        assertThat(report.path("nps").get(3).path("nps").asDouble()).isEqualTo(60.0);
        assertThat(report.path("warnings").toString()).contains("Tech-touch NPS (+60, 5 answers) is above High-touch (-20, 5 answers)");

        JsonNode june = rest.withBasicAuth("ops", "ops").getForObject("/api/results?months=1", JsonNode.class);
        assertThat(figure(june, "business-review-attendance", "high-touch").path("scheduled").asLong()).isEqualTo(2);

        // a pod CSM: her pod's accounts only
        JsonNode priya = rest.withBasicAuth("priya", "priya").getForObject("/api/results?months=3", JsonNode.class);
        assertThat(figure(priya, "business-review-attendance", "high-touch").path("scheduled").asLong()).isZero();
        assertThat(figure(priya, "business-review-attendance", "medium-touch").path("scheduled").asLong()).isEqualTo(3);
        assertThat(priya.path("warnings")).isEmpty();

        // the accounts behind a figure, and the page
        JsonNode behind = rest.withBasicAuth("ops", "ops").getForObject("/api/results/accounts?tier=high-touch&months=3",
                JsonNode.class);
        assertThat(behind.get(0).path("account").asText()).isEqualTo(high);
        assertThat(behind.get(0).path("scheduled").asLong()).isEqualTo(9);
        assertThat(behind.get(0).path("noShows").asLong()).isEqualTo(2);
        String page = rest.withBasicAuth("ops", "ops").getForObject("/results?months=3", String.class);
        assertThat(page).contains("Business review attendance", "4 of 5", "at least 80%", "below target", "Opened by a person",
                "Tech-touch NPS (+60, 5 answers) is above High-touch");
        ResponseEntity<String> bad = rest.withBasicAuth("ops", "ops").getForEntity("/api/results?months=30", String.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody()).contains("1 to 24 months");
    }
}
