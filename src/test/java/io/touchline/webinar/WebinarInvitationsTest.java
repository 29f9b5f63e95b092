package io.touchline.webinar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.account.AccountRepository;
import io.touchline.account.AccountRequest;
import io.touchline.account.AccountRequest.ContactRequest;
import io.touchline.account.AccountService;
import io.touchline.messaging.ContactPreferences;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;

/**
 * Webinar invitations follow the cadence: scheduled through the API as CS Ops do it, the engine
 * clock moved hour by hour to the start, and the emails that really arrived checked: who got
 * which, and when (each contact in their own send window). The clock starts Monday 2027-01-04
 * 10:00 UTC. The audience: a low-touch account with contacts in UTC, New York and Tokyo, a
 * tech-touch account whose second contact opted out of training, and a medium-touch account that
 * is not invited.
 */
class WebinarInvitationsTest extends ProcessTestBase {

    private static final String TITLE = "Dashboards your team will actually use";
    private static final String JOIN = "https://meet.acme-cloud.example/w/dashboards";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    AccountService accounts;
    @Autowired
    AccountRepository accountRepository;
    @Autowired
    ContactPreferences preferences;
    @Autowired
    Timeline timeline;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;

    private String low;
    private String tech;
    private String medium;

    /** Fixed per test: an account's cadence slots come from its id, and the frequency cap holds a webinar email
     * that lands on the day of a journey email; a random id made the expected send times a matter of chance. */
    private String testName;

    @BeforeEach
    void enrolTheAudience(org.junit.jupiter.api.TestInfo test) {
        testName = Integer.toHexString(test.getTestMethod().orElseThrow().getName().hashCode());
        low = enrol("WEB-LOW", 10_000, null, "UTC", "America/New_York", "Asia/Tokyo");
        tech = enrol("WEB-TECH", 2_000, null, "UTC", "UTC");
        medium = enrol("WEB-MED", 50_000, "pod-atlas", "UTC");
        preferences.optOut(email(tech, 2), ContactPreferences.Type.TRAINING.code);
    }

    /**
     * An established customer past its first year (no onboarding series or adoption spotlights in
     * the way), with one contact per zone.
     */
    private String enrol(String prefix, long arr, String pod, String... contactZones) {
        String id = prefix + "-" + testName;
        List<ContactRequest> contacts = new ArrayList<>();
        for (int i = 0; i < contactZones.length; i++) {
            contacts.add(new ContactRequest("Contact " + (i + 1), email(id, i + 1), i == 0 ? "primary" : "champion",
                    contactZones[i]));
        }
        accounts.enrol(new AccountRequest(id, "Account " + id, java.math.BigDecimal.valueOf(arr), false, false,
                daysFromNow(300), daysFromNow(-400), "UTC", null, pod, contacts), Journeys.CRM);
        return id;
    }

    private static String email(String externalId, int contact) {
        return "c" + contact + "." + externalId.toLowerCase() + "@customer.example";
    }

    private ResponseEntity<JsonNode> schedule(Instant startsAt) {
        return rest.withBasicAuth("ops", "ops").postForEntity("/api/webinars",
                Map.of("title", TITLE, "startsAt", startsAt.toString(), "joinUrl", JOIN), JsonNode.class);
    }

    private ProcessInstance instanceOf(long webinarId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(WebinarInvitationsProcess.KEY)
                .processInstanceBusinessKey(WebinarInvitationsProcess.businessKey(webinarId)).singleResult();
    }

    /** Step and time of each planned send in an API answer. */
    private static List<String> planned(JsonNode webinar) {
        List<String> plan = new ArrayList<>();
        webinar.path("planned").forEach(send -> plan.add(send.path("step").asText() + " " + send.path("at").asText()));
        return plan;
    }

    /** Moves the engine clock hour by hour (every timer and send window on the hour), delivering what is due. */
    private void liveUntil(Instant end) {
        while (Journeys.now().isBefore(end)) {
            journeys.advance(Duration.ofHours(1));
        }
    }

    private List<WebinarMail> mails(long webinarId) {
        return WebinarMail.of(MAIL, webinarId, List.of(low, tech, medium));
    }

    /** "recipient at time" of each email of a step. */
    private static Set<String> sent(List<WebinarMail> mails, String step) {
        return mails.stream().filter(m -> m.step().equals(step)).map(m -> m.to() + " at " + m.sentAt())
                .collect(Collectors.toSet());
    }

    @Test
    void threeWeeksAhead_invitation14DaysBefore_reminders7DaysAnd1DayBefore_toEveryContactInvited() {
        Instant start = Instant.parse("2027-01-26T15:00:00Z"); // a Tuesday, 22 days ahead
        ResponseEntity<JsonNode> scheduled = schedule(start);

        assertThat(scheduled.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long id = scheduled.getBody().path("id").asLong();
        assertThat(scheduled.getHeaders().getLocation()).hasPath("/api/webinars/" + id);
        assertThat(scheduled.getBody().path("tiers").toString()).isEqualTo("[\"low-touch\",\"tech-touch\"]");
        assertThat(planned(scheduled.getBody())).containsExactly(
                "Send_Invitations 2027-01-12T15:00:00Z",
                "Send_WeekReminders 2027-01-19T15:00:00Z",
                "Send_DayReminders 2027-01-25T15:00:00Z");
        ProcessInstance instance = instanceOf(id);

        liveUntil(start.plus(Duration.ofHours(1)));

        List<WebinarMail> mails = mails(id);
        // UTC and New York (10:00 local) get each at once; Tokyo (midnight) when its window opens at 09:00 JST
        assertThat(sent(mails, "Send_Invitations")).containsExactlyInAnyOrder(
                email(low, 1) + " at 2027-01-12T15:00:00Z",
                email(low, 2) + " at 2027-01-12T15:00:00Z",
                email(low, 3) + " at 2027-01-13T00:00:00Z",
                email(tech, 1) + " at 2027-01-12T15:00:00Z");
        assertThat(sent(mails, "Send_WeekReminders")).containsExactlyInAnyOrder(
                email(low, 1) + " at 2027-01-19T15:00:00Z",
                email(low, 2) + " at 2027-01-19T15:00:00Z",
                email(low, 3) + " at 2027-01-20T00:00:00Z",
                email(tech, 1) + " at 2027-01-19T15:00:00Z");
        assertThat(sent(mails, "Send_DayReminders")).containsExactlyInAnyOrder(
                email(low, 1) + " at 2027-01-25T15:00:00Z",
                email(low, 2) + " at 2027-01-25T15:00:00Z",
                email(low, 3) + " at 2027-01-26T00:00:00Z",
                email(tech, 1) + " at 2027-01-25T15:00:00Z");
        assertThat(mails).as("nothing to the contact who opted out of training, nothing to another tier")
                .noneMatch(m -> m.to().equals(email(tech, 2)) || m.account().equals(medium));
        assertThat(timeline.of(accountRepository.findByExternalId(tech).orElseThrow()))
                .anySatisfy(e -> assertThat(e.notes()).contains(email(tech, 2) + " opted out of training"));

        WebinarMail invitation = mails.stream().filter(m -> m.step().equals("Send_Invitations")
                && m.to().equals(email(low, 2))).findFirst().orElseThrow();
        assertThat(invitation.subject()).isEqualTo("You're invited: " + TITLE + ", Tuesday 26 January, 10:00 EST");
        assertThat(invitation.text()).contains(TITLE).contains("Tuesday 26 January, 10:00 EST (your time)")
                .contains("Join the webinar: " + JOIN).contains("we'll remind you before it starts");
        assertThat(mails).filteredOn(m -> m.step().equals("Send_WeekReminders") && m.to().equals(email(low, 1)))
                .singleElement().satisfies(m -> {
                    assertThat(m.subject()).isEqualTo("One week to go: " + TITLE + ", Tuesday 26 January, 15:00 UTC");
                    assertThat(m.text()).contains("one week away").contains(JOIN);
                });
        assertThat(mails).filteredOn(m -> m.step().equals("Send_DayReminders") && m.to().equals(email(low, 3)))
                .singleElement().satisfies(m -> {
                    assertThat(m.subject()).isEqualTo("Starting soon: " + TITLE + ", Wednesday 27 January, 00:00 JST");
                    assertThat(m.text()).contains("almost here").contains(JOIN);
                });
        assertThat(instance).isEnded().hasPassedInOrder(WebinarInvitationsProcess.SEND_INVITATIONS,
                WebinarInvitationsProcess.SEND_WEEK_REMINDERS, WebinarInvitationsProcess.SEND_DAY_REMINDERS,
                WebinarInvitationsProcess.END_WEBINAR_HELD);
    }

    @Test
    void theMessageIdIsTheWebinarStepAccountAndContact_andAStepRunAgainSendsNothingTwice() {
        long id = schedule(Instant.parse("2027-01-14T15:00:00Z")).getBody().path("id").asLong();
        journeys.executeDueJobs(); // scheduled late: the invitation goes at once

        assertThat(mails(id)).extracting(WebinarMail::messageId).contains(
                "<webinar-" + id + ".Send_Invitations." + low + ".1@touchline>",
                "<webinar-" + id + ".Send_Invitations." + tech + ".1@touchline>");
        assertThat(jdbc.queryForList("select id from outbox_message where id like ?", String.class,
                "webinar-" + id + "/%")).contains("webinar-" + id + "/Send_Invitations/" + low + "/1",
                        "webinar-" + id + "/Send_Invitations/" + low + "/2",
                        "webinar-" + id + "/Send_Invitations/" + low + "/3",
                        "webinar-" + id + "/Send_Invitations/" + tech + "/1");
        int written = jdbc.queryForObject("select count(*) from outbox_message where id like ?", Integer.class,
                "webinar-" + id + "/%");
        int received = mails(id).size();

        // CS Ops restart the step in Cockpit
        runtime.createProcessInstanceModification(instanceOf(id).getId())
                .cancelAllForActivity(WebinarInvitationsProcess.TIMER_1_DAY_BEFORE)
                .startBeforeActivity(WebinarInvitationsProcess.SEND_INVITATIONS).execute();
        liveUntil(Journeys.now().plus(Duration.ofDays(1)));

        assertThat(jdbc.queryForObject("select count(*) from outbox_message where id like ?", Integer.class,
                "webinar-" + id + "/%")).isEqualTo(written);
        assertThat(mails(id)).as("the held invitations (New York, Tokyo) arrived; nothing twice").hasSize(received + 2)
                .extracting(WebinarMail::messageId).doesNotHaveDuplicates();
    }

    @Test
    void tenDaysAhead_invitationAtOnceThenThe1DayReminder_no1WeekReminder() {
        Instant start = Instant.parse("2027-01-14T15:00:00Z"); // a Thursday, 10 days ahead
        JsonNode scheduled = schedule(start).getBody();
        long id = scheduled.path("id").asLong();
        assertThat(planned(scheduled)).containsExactly(
                "Send_Invitations 2027-01-04T10:00:00Z",
                "Send_DayReminders 2027-01-13T15:00:00Z");
        ProcessInstance instance = instanceOf(id);

        journeys.executeDueJobs(); // what the job executor does at once
        liveUntil(start.plus(Duration.ofHours(1)));

        List<WebinarMail> mails = mails(id);
        assertThat(sent(mails, "Send_Invitations")).containsExactlyInAnyOrder(
                email(low, 1) + " at 2027-01-04T10:00:00Z",
                email(low, 2) + " at 2027-01-04T14:00:00Z", // 05:00 in New York: held until 09:00 there
                email(low, 3) + " at 2027-01-05T00:00:00Z", // 19:00 in Tokyo: the next morning there
                email(tech, 1) + " at 2027-01-04T10:00:00Z");
        assertThat(sent(mails, "Send_DayReminders")).containsExactlyInAnyOrder(
                email(low, 1) + " at 2027-01-13T15:00:00Z",
                email(low, 2) + " at 2027-01-13T15:00:00Z",
                email(low, 3) + " at 2027-01-14T00:00:00Z",
                email(tech, 1) + " at 2027-01-13T15:00:00Z");
        assertThat(mails).extracting(WebinarMail::step).containsOnly("Send_Invitations", "Send_DayReminders");
        assertThat(instance).isEnded().hasPassed(WebinarInvitationsProcess.SEND_DAY_REMINDERS)
                .hasNotPassed(WebinarInvitationsProcess.SEND_WEEK_REMINDERS);

        ResponseEntity<JsonNode> tooLate = rest.withBasicAuth("ops", "ops")
                .exchange("/api/webinars/" + id, HttpMethod.DELETE, null, JsonNode.class);
        assertThat(tooLate.getStatusCode()).as("a webinar that has started").isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void scheduledLate_onlyTheRemindersThatStillMakeSense() {
        // 14 days ahead: invited on schedule, so both reminders
        assertThat(planned(schedule(Instant.parse("2027-01-18T10:00:00Z")).getBody())).containsExactly(
                "Send_Invitations 2027-01-04T10:00:00Z", "Send_WeekReminders 2027-01-11T10:00:00Z",
                "Send_DayReminders 2027-01-17T10:00:00Z");
        // 7 days ahead: the 1-week reminder would go with the invitation
        assertThat(planned(schedule(Instant.parse("2027-01-11T10:00:00Z")).getBody())).containsExactly(
                "Send_Invitations 2027-01-04T10:00:00Z", "Send_DayReminders 2027-01-10T10:00:00Z");
        // 3 days ahead: the invitation at once and the 1-day reminder
        assertThat(planned(schedule(Instant.parse("2027-01-07T16:00:00Z")).getBody())).containsExactly(
                "Send_Invitations 2027-01-04T10:00:00Z", "Send_DayReminders 2027-01-06T16:00:00Z");
        // tomorrow morning: the invitation only
        assertThat(planned(schedule(Instant.parse("2027-01-05T09:00:00Z")).getBody())).containsExactly(
                "Send_Invitations 2027-01-04T10:00:00Z");
    }

    @Test
    void cancelling_stopsTheRest_andTakesBackWhatIsHeld() {
        Instant start = Instant.parse("2027-01-26T15:00:00Z");
        long id = schedule(start).getBody().path("id").asLong();
        ProcessInstance instance = instanceOf(id);
        liveUntil(Instant.parse("2027-01-12T16:00:00Z")); // invitations out; Tokyo's held until its morning
        assertThat(mails(id)).hasSize(3);

        ResponseEntity<JsonNode> cancelled = rest.withBasicAuth("ops", "ops")
                .exchange("/api/webinars/" + id, HttpMethod.DELETE, null, JsonNode.class);
        ResponseEntity<JsonNode> again = rest.withBasicAuth("ops", "ops")
                .exchange("/api/webinars/" + id, HttpMethod.DELETE, null, JsonNode.class);

        assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cancelled.getBody().path("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.getBody().path("planned")).isEmpty();
        assertThat(cancelled.getBody().path("sent").get(0).path("step").asText()).isEqualTo("Send_Invitations");
        assertThat(again.getStatusCode()).as("idempotent").isEqualTo(HttpStatus.OK);
        assertThat(instance).isEnded().hasPassed(WebinarInvitationsProcess.END_SENDS_STOPPED);
        JsonNode listed = rest.withBasicAuth("ops", "ops").getForObject("/api/webinars", JsonNode.class);
        assertThat(listed.findValues("id").stream().map(JsonNode::asLong)).contains(id);

        liveUntil(start.plus(Duration.ofDays(1)));

        assertThat(mails(id)).as("no reminders, and Tokyo's held invitation never went")
                .extracting(WebinarMail::to).containsExactlyInAnyOrder(email(low, 1), email(low, 2), email(tech, 1));
        assertThat(timeline.of(accountRepository.findByExternalId(low).orElseThrow()))
                .anySatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo("cancelled");
                    assertThat(e.notes()).contains(email(low, 3)).contains("was cancelled");
                });
    }
}
