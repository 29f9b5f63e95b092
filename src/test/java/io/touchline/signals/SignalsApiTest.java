package io.touchline.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
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

import io.touchline.journey.AtRiskEscalationProcess;
import io.touchline.journey.EventTouchesProcess;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * The events API as the CRM, the NPS tool and product analytics use it, with the engine clock
 * moved: what the customer receives and which task the CS team gets, and that repeats, stale and
 * late events change nothing they should not.
 */
class SignalsApiTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    io.touchline.calendar.TouchCalendar calendar;
    @Autowired
    io.touchline.account.AccountRepository accounts;

    private int eventNumber;

    /** An established account past its first year (no adoption-stage spotlights among the emails counted). */
    private String account(String prefix, long arr, String csm, String pod) {
        String id = Journeys.newExternalId(prefix);
        journeys.enrol(id, arr, false, false, daysFromNow(300), daysFromNow(-400), csm, pod);
        return id;
    }

    private Map<String, Object> event(String type, Object... fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("eventId", "evt-" + type + "-" + (++eventNumber) + "-" + System.nanoTime());
        event.put("occurredAt", Journeys.now().toString());
        for (int i = 0; i < fields.length; i += 2) {
            event.put((String) fields[i], fields[i + 1]);
        }
        return event;
    }

    private ResponseEntity<JsonNode> send(String externalId, Map<String, Object> event) {
        return post("/api/accounts/" + externalId + "/events", event);
    }

    private ResponseEntity<JsonNode> post(String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth("crm", "crm").exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers),
                JsonNode.class);
    }

    /** The tasks once the job executor has run what the event left after its save point. */
    private List<Task> tasksOf(String externalId, String definitionKey) {
        journeys.executeDueJobs();
        return tasks.createTaskQuery().processInstanceBusinessKey(externalId).taskDefinitionKey(definitionKey).list();
    }

    private List<String> stepsEmailedTo(String externalId) {
        List<String> steps = new ArrayList<>();
        for (var message : MAIL.getReceivedMessages()) {
            try {
                String id = message.getMessageID();
                if (id.startsWith("<" + externalId + ".")) {
                    String[] parts = id.replaceAll("^<|@touchline>$", "").split("\\.");
                    steps.add(parts[parts.length - 2]);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return steps;
    }

    private static List<String> fields(ResponseEntity<JsonNode> answer) {
        List<String> fields = new ArrayList<>();
        answer.getBody().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    @Test
    void aDetractorGetsAnImmediateFollowUpByTheirCsm_scalePoolForLowTouch() {
        String high = account("NPS-DET-H", 150_000, "dana", null);
        String low = account("NPS-DET-L", 10_000, null, null);

        assertThat(send(high, event("nps-answer", "score", 3, "comment", "Too slow")).getBody().path("status").asText())
                .isEqualTo("applied");
        send(low, event("nps-answer", "score", 5));

        JsonNode timeline = rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + high + "/timeline", JsonNode.class);
        assertThat(timeline.get(0).path("kind").asText()).isEqualTo("event:nps-answer");
        assertThat(timeline.get(0).path("title").asText()).isEqualTo("NPS answer 3");
        Task highTask = tasksOf(high, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP).get(0);
        assertThat(highTask.getAssignee()).isEqualTo("dana");
        assertForm(highTask, "nps-follow-up");
        assertThat(highTask.getDueDate()).isEqualTo(java.util.Date.from(Journeys.now().plus(Duration.ofDays(1))));
        Task lowTask = tasksOf(low, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP).get(0);
        assertThat(tasks.getIdentityLinksForTask(lowTask.getId())).anyMatch(l -> "scale-pool".equals(l.getGroupId()));
    }

    @Test
    void aPromoterAtDay40GetsTheAdvocacyAskByDay42AndNotAgainWithinTheNext90Days() {
        String id = account("NPS-PRO", 60_000, null, "pod-atlas");
        journeys.advance(Duration.ofDays(40));
        send(id, event("nps-answer", "score", 10));
        assertThat(stepsEmailedTo(id)).doesNotContain(EventTouchesProcess.SEND_ADVOCACY_ASK);

        journeys.advance(Duration.ofDays(1));
        journeys.advance(Duration.ofDays(1));
        assertThat(stepsEmailedTo(id)).containsOnlyOnce(EventTouchesProcess.SEND_ADVOCACY_ASK);

        journeys.advance(Duration.ofDays(30));
        send(id, event("nps-answer", "score", 9));
        journeys.advance(Duration.ofDays(2));
        assertThat(stepsEmailedTo(id)).as("asked once within 90 days").containsOnlyOnce(EventTouchesProcess.SEND_ADVOCACY_ASK);

        journeys.advance(Duration.ofDays(70));
        send(id, event("nps-answer", "score", 9));
        // day 144 is a Friday: the ask, the next morning, waits for Monday's send window
        journeys.advance(Duration.ofDays(2));
        assertThat(stepsEmailedTo(id)).as("not on a weekend").containsOnlyOnce(EventTouchesProcess.SEND_ADVOCACY_ASK);
        journeys.advance(Duration.ofDays(1));
        assertThat(stepsEmailedTo(id).stream().filter(EventTouchesProcess.SEND_ADVOCACY_ASK::equals))
                .as("a new period: asked again").hasSize(2);
    }

    @Test
    void anAdvocacyAskShownInTheAppCountsAsAnAsk() {
        String id = account("NPS-APP", 60_000, null, "pod-atlas");
        long accountId = jdbc.queryForObject("select id from account where external_id = ?", Long.class, id);
        // a contact who reads Touchline in the product was asked there 30 days ago
        jdbc.update("insert into in_app_message (message_key, account_id, template, title, body, created_at)"
                + " values (?, ?, 'advocacy-ask', 'Would you recommend us?', 'Leave a review', ?)", id + "/app-ask", accountId,
                java.sql.Timestamp.from(Journeys.now().minus(Duration.ofDays(30))));
        send(id, event("nps-answer", "score", 10));
        journeys.advance(Duration.ofDays(3));
        assertThat(stepsEmailedTo(id)).as("asked in the app within 90 days").doesNotContain(EventTouchesProcess.SEND_ADVOCACY_ASK);
    }

    @Test
    void twoPromotersOnOneDayGetTheAccountOneAdvocacyAsk() {
        String id = account("NPS-TWO", 60_000, null, "pod-atlas");
        send(id, event("nps-answer", "score", 10));
        send(id, event("nps-answer", "score", 9));
        journeys.advance(Duration.ofDays(2));
        assertThat(stepsEmailedTo(id)).containsOnlyOnce(EventTouchesProcess.SEND_ADVOCACY_ASK);
    }

    @Test
    void aPassiveAnswerTriggersNothing() {
        String id = account("NPS-PAS", 60_000, null, "pod-atlas");
        send(id, event("nps-answer", "score", 8));
        journeys.advance(Duration.ofDays(3));
        assertThat(tasksOf(id, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP)).isEmpty();
        assertThat(stepsEmailedTo(id)).doesNotContain(EventTouchesProcess.SEND_ADVOCACY_ASK);
    }

    @Test
    void aMilestoneIsCelebratedPersonallyForHighTouchAndByEmailForTechTouch_withAnAdvocacyAsk() {
        String high = account("MILE-H", 150_000, "marco", null);
        String tech = account("MILE-T", 1_000, null, null);

        send(high, event("milestone-reached", "milestone", "First 100 active users"));
        send(tech, event("milestone-reached", "milestone", "First automation"));
        journeys.executeDueJobs();

        Task congratulate = tasksOf(high, EventTouchesProcess.TASK_CONGRATULATE).get(0);
        assertThat(congratulate.getAssignee()).isEqualTo("marco");
        assertForm(congratulate, "milestone-congratulations");
        assertThat(stepsEmailedTo(high)).as("the CSM congratulates first").isEmpty();
        journeys.completeAsHeld(congratulate, "marco");
        journeys.executeDueJobs();
        assertThat(stepsEmailedTo(high)).containsExactly(EventTouchesProcess.SEND_MILESTONE_ADVOCACY_ASK);
        assertThat(stepsEmailedTo(tech)).containsSubsequence(EventTouchesProcess.SEND_MILESTONE_CONGRATULATIONS,
                EventTouchesProcess.SEND_MILESTONE_ADVOCACY_ASK);
        assertThat(tasksOf(tech, EventTouchesProcess.TASK_CONGRATULATE)).isEmpty();
    }

    @Test
    void aMilestoneSoonAfterAnAdvocacyAskIsCelebratedWithoutAskingAgain() {
        String id = account("MILE-AGAIN", 10_000, null, null);
        send(id, event("nps-answer", "score", 10));
        journeys.advance(Duration.ofDays(2));
        assertThat(stepsEmailedTo(id)).containsOnlyOnce(EventTouchesProcess.SEND_ADVOCACY_ASK);

        send(id, event("milestone-reached", "milestone", "1,000 orders processed"));
        journeys.executeDueJobs();

        assertThat(stepsEmailedTo(id)).contains(EventTouchesProcess.SEND_MILESTONE_CONGRATULATIONS)
                .doesNotContain(EventTouchesProcess.SEND_MILESTONE_ADVOCACY_ASK);
        var milestoneMail = java.util.Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> subject(m).contains("1,000 orders processed")).findFirst();
        assertThat(milestoneMail).as("the milestone is named in the email").isPresent();
    }

    @Test
    void anExpansionIndicatorGivesTheCsmAConversation_techTouchASelfServeOffer() {
        String medium = account("EXP-M", 60_000, null, "pod-atlas");
        String tech = account("EXP-T", 2_000, null, null);

        send(medium, event("expansion-signal", "indicator", "usage-limit", "detail", "98% of seats used"));
        send(tech, event("expansion-signal", "indicator", "seats-added"));
        journeys.executeDueJobs();

        Task conversation = tasksOf(medium, EventTouchesProcess.TASK_EXPANSION_CONVERSATION).get(0);
        assertThat(tasks.getIdentityLinksForTask(conversation.getId())).anyMatch(l -> "pod-atlas".equals(l.getGroupId()));
        assertForm(conversation, "expansion-conversation");
        assertThat(stepsEmailedTo(tech)).containsExactly(EventTouchesProcess.SEND_UPGRADE_OFFER);
    }

    @Test
    void aRepeatedEventIdIsAcceptedAndDoesNothing() {
        String id = account("DUP", 150_000, "dana", null);
        Map<String, Object> detractor = event("nps-answer", "score", 2);

        ResponseEntity<JsonNode> first = send(id, detractor);
        ResponseEntity<JsonNode> again = send(id, detractor);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("status").asText()).isEqualTo("duplicate");
        assertThat(tasksOf(id, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP)).hasSize(1);
    }

    @Test
    void theSameEventSentTwiceAtOnceIsAppliedOnce() throws Exception {
        String id = account("RACE", 150_000, "dana", null);
        Map<String, Object> detractor = event("nps-answer", "score", 1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> send(id, detractor));
            var second = pool.submit(() -> send(id, detractor));
            List<String> statuses = List.of(first.get().getBody().path("status").asText(),
                    second.get().getBody().path("status").asText());
            assertThat(statuses).containsExactlyInAnyOrder("applied", "duplicate");
        } finally {
            pool.shutdown();
        }
        assertThat(tasksOf(id, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP)).hasSize(1);
    }

    @Test
    void anOlderHealthScoreDoesNotOverwriteANewerOne() {
        String id = account("STALE", 60_000, null, "pod-atlas");
        Instant earlier = Journeys.now().minus(Duration.ofHours(2));
        send(id, event("health-score", "score", 80));

        ResponseEntity<JsonNode> late = send(id, event("health-score", "score", 20, "occurredAt", earlier.toString()));

        assertThat(late.getBody().path("status").asText()).isEqualTo("stale");
        assertThat(rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id, JsonNode.class)
                .path("healthScore").asInt()).isEqualTo(80);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).as("no escalation from a stale score").isZero();
    }

    @Test
    void aLowHealthScoreEventStartsTheAtRiskEscalation() {
        String id = account("RISK-EV", 2_000, null, null);
        assertThat(send(id, event("health-score", "score", 25)).getBody().path("message").asText()).contains("at-risk");
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_INTERVENTION).taskCandidateGroup("scale-pool").count())
                .isEqualTo(1);
    }

    @Test
    void anInboundRequestToATier1AccountIsDueWithinTwoHoursAndGoesToTheManagersWhenNotAnswered() {
        String id = account("INBOUND-H", 150_000, "dana", null);
        assertThat(send(id, event("inbound-request", "channel", "support-ticket", "subject", "Export fails since Monday",
                "detail", "The nightly export to our warehouse stopped.", "from", "Jamie Customer")).getBody()
                .path("status").asText()).isEqualTo("applied");

        Task answer = tasksOf(id, EventTouchesProcess.TASK_ANSWER_REQUEST).get(0);
        assertThat(answer.getAssignee()).isEqualTo("dana");
        assertForm(answer, "inbound-request");
        assertThat(answer.getDueDate()).as("Tier 1: an immediate response")
                .isEqualTo(java.util.Date.from(Journeys.now().plus(Duration.ofHours(2))));
        assertThat(tasks.getVariable(answer.getId(), "requestSubject")).isEqualTo("Export fails since Monday");
        assertThat(calendar.plan(List.of(accounts.findByExternalId(id).orElseThrow()), Journeys.now().plus(Duration.ofDays(7))))
                .as("on the calendar and in the capacity plan, for its owner")
                .anySatisfy(t -> {
                    assertThat(t.step()).isEqualTo(EventTouchesProcess.TASK_ANSWER_REQUEST);
                    assertThat(t.owner()).isEqualTo("dana");
                    assertThat(t.hours()).isEqualTo(0.5);
                });

        journeys.advance(Duration.ofMinutes(110));
        assertThat(tasksOf(id, EventTouchesProcess.TASK_REQUEST_ESCALATION)).as("not yet overdue").isEmpty();
        journeys.advance(Duration.ofMinutes(11));
        Task escalation = tasksOf(id, EventTouchesProcess.TASK_REQUEST_ESCALATION).get(0);
        assertThat(tasks.getIdentityLinksForTask(escalation.getId())).anyMatch(l -> "cs-managers".equals(l.getGroupId()));
        assertForm(escalation, "escalation");
        assertThat(tasksOf(id, EventTouchesProcess.TASK_ANSWER_REQUEST)).as("still Dana's to answer").hasSize(1);
    }

    @Test
    void anInboundRequestAnsweredInTimeIsNotEscalated_tier2Within24Hours() {
        String id = account("INBOUND-M", 60_000, null, "pod-atlas");
        send(id, event("inbound-request", "channel", "email", "subject", "How do we add SSO?"));
        Task answer = tasksOf(id, EventTouchesProcess.TASK_ANSWER_REQUEST).get(0);
        assertThat(tasks.getIdentityLinksForTask(answer.getId())).anyMatch(l -> "pod-atlas".equals(l.getGroupId()));
        assertThat(answer.getDueDate()).isEqualTo(java.util.Date.from(Journeys.now().plus(Duration.ofHours(24))));

        journeys.advance(Duration.ofHours(20));
        journeys.complete(answer, "priya", Map.of("outcome", "answered", "channel", "email",
                "notes", "Sent the SSO guide", "nextSteps", "", "healthAssessment", "green"));
        journeys.advance(Duration.ofDays(3));
        assertThat(tasksOf(id, EventTouchesProcess.TASK_REQUEST_ESCALATION)).isEmpty();
        JsonNode timeline = rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id + "/timeline", JsonNode.class);
        List<String> kinds = new ArrayList<>();
        timeline.forEach(t -> kinds.add(t.path("kind").asText() + " " + t.path("outcome").asText()));
        assertThat(kinds).as("the request and its answer on the timeline")
                .contains("inbound-request answered").anyMatch(k -> k.startsWith("event:inbound-request"));
    }

    @Test
    void aMonthWithoutAnyTouchIsFlagged_anotherTeamsTouchCounts() {
        String idle = account("IDLE", 150_000, "dana", null);       // check-ins come, nobody holds them
        String held = account("HELD", 150_000, "dana", null);       // the CSM holds hers
        String supported = account("SUPPORTED", 150_000, "dana", null); // support called them
        journeys.advance(Duration.ofDays(20));
        journeys.openTasks(held).forEach(t -> journeys.completeAsHeld(t, "dana"));
        journeys.advance(Duration.ofDays(14));
        send(supported, event("external-touch", "channel", "phone", "kind", "reactive", "team", "support",
                "title", "Helped with the export"));
        journeys.advance(Duration.ofDays(1));

        JsonNode report = rest.withBasicAuth("dana", "dana").getForObject("/api/accounts/without-touch", JsonNode.class);
        assertThat(report.path("every").asText()).isEqualTo("P1M");
        List<String> flagged = new ArrayList<>();
        report.path("accounts").forEach(a -> flagged.add(a.path("externalId").asText()));
        assertThat(flagged).contains(idle).doesNotContain(held, supported);
        JsonNode forPod = rest.withBasicAuth("priya", "priya").getForObject("/api/accounts/without-touch", JsonNode.class);
        List<String> podSees = new ArrayList<>();
        forPod.path("accounts").forEach(a -> podSees.add(a.path("externalId").asText()));
        assertThat(podSees).as("a pod CSM sees her book only").doesNotContain(idle);
        JsonNode timeline = rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + supported + "/timeline", JsonNode.class);
        List<String> titles = new ArrayList<>();
        timeline.forEach(t -> titles.add(t.path("title").asText()));
        assertThat(titles).contains("Helped with the export (support, phone)");
    }

    @Test
    void badEventsAreRejectedNamingTheFieldAndNothingIsApplied() {
        String id = account("BAD-EV", 150_000, "dana", null);
        assertThat(fields(send(id, event("nps-answer", "score", 11)))).containsExactly("score");
        assertThat(fields(send(id, event("expansion-signal", "indicator", "vibes")))).containsExactly("indicator");
        Map<String, Object> noId = event("nps-answer", "score", 2);
        noId.remove("eventId");
        assertThat(fields(send(id, noId))).containsExactly("eventId");
        assertThat(fields(send(id, event("party", "score", 2)))).containsExactly("type");
        assertThat(fields(send(id, event("renewal-signed", "renewalDate", "2020-01-01")))).containsExactly("renewalDate");
        assertThat(fields(send(id, event("inbound-request", "channel", "pigeon", "subject", "Hi")))).containsExactly("channel");
        assertThat(fields(send(id, event("external-touch", "channel", "email", "kind", "spam", "team", "marketing",
                "title", "Newsletter", "recipients", List.of("not-an-address"))))).containsExactly("kind", "recipients[0]");
        assertThat(fields(send(id, event("inbound-request", "channel", "email", "subject", "Hi\r\nBcc: x@evil.example"))))
                .containsExactly("subject");
        assertThat(tasksOf(id, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from account_event e join account a on a.id = e.account_id "
                + "where a.external_id = ?", Integer.class, id)).isZero();

        ResponseEntity<JsonNode> unknown = send("NO-SUCH-ACCOUNT", event("nps-answer", "score", 2));
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anEventForAClosedAccountIsRecordedAndAnsweredClearly() {
        String id = account("CLOSED", 60_000, null, "pod-atlas");
        send(id, event("churned", "reason", "Budget cut"));

        Map<String, Object> late = event("nps-answer", "score", 1);
        ResponseEntity<JsonNode> answer = send(id, late);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answer.getBody().path("errors").get(0).path("message").asText()).contains("churned").contains("recorded");
        assertThat(jdbc.queryForObject("select outcome from account_event where event_id = ?", String.class,
                late.get("eventId"))).isEqualTo("NOT_APPLIED");
        assertThat(tasksOf(id, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP)).isEmpty();
        assertThat(send(id, late).getBody().path("status").asText()).as("a repeat").isEqualTo("duplicate");
    }

    @Test
    void aRenewalSignedEventEndsTheCountdownAtOnce() {
        String id = Journeys.newExternalId("SIGN-EV");
        journeys.enrol(id, 60_000, false, false, daysFromNow(40), daysFromNow(-325), null, "pod-atlas");
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("renewal-countdown")
                .processInstanceBusinessKey(id).count()).isEqualTo(1);

        send(id, event("renewal-signed", "renewalDate", daysFromNow(400).toString()));

        var countdowns = runtime.createProcessInstanceQuery().processDefinitionKey("renewal-countdown")
                .processInstanceBusinessKey(id).list();
        assertThat(countdowns).hasSize(1);
        assertThat(runtime.getVariable(countdowns.get(0).getId(), "renewalDate")).isNotNull();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey("Task_ScheduleRenewalDiscussion").count()).as("the old countdown's task is closed").isZero();
    }

    private long emailsOf(String externalId, String step) {
        return stepsEmailedTo(externalId).stream().filter(step::equals).count();
    }

    @Test
    void theRenewalDateMovedFrom60To120DaysOutReplansTheCountdown_theValueSummaryIsSentOnceAtTheNewDate() {
        String id = Journeys.newExternalId("REPLAN-OUT");
        // high-touch: the growth cadence sends no value summary of its own (medium-touch's monthly one would)
        journeys.enrol(id, 150_000, false, false, daysFromNow(95), daysFromNow(-270), "dana", null);
        journeys.advance(Duration.ofDays(35)); // 60 days out: value summary (day 5) and discussion task (day 35) done
        assertThat(emailsOf(id, "Send_ValueSummary")).isEqualTo(1);
        assertThat(tasksOf(id, "Task_ScheduleRenewalDiscussion")).hasSize(1);

        var answer = send(id, event("renewal-date-changed", "renewalDate", daysFromNow(120).toString()));
        assertThat(answer.getBody().path("status").asText()).isEqualTo("applied");
        journeys.executeDueJobs();
        assertThat(emailsOf(id, "Send_ValueSummary")).as("nothing is sent at once").isEqualTo(1);
        assertThat(tasksOf(id, "Task_ScheduleRenewalDiscussion")).as("the old countdown's open touch is out of date").isEmpty();

        journeys.advance(Duration.ofDays(29));
        assertThat(emailsOf(id, "Send_ValueSummary")).as("not before 90 days before the new date").isEqualTo(1);
        journeys.advance(Duration.ofDays(1));
        journeys.advance(Duration.ofDays(1));
        assertThat(emailsOf(id, "Send_ValueSummary")).as("once, at the new date").isEqualTo(2);
        journeys.advance(Duration.ofDays(10));
        assertThat(emailsOf(id, "Send_ValueSummary")).isEqualTo(2);
    }

    @Test
    void theRenewalDateMovedCloserRunsTheDueStepAtOnceAndRepeatsNone() {
        String id = Journeys.newExternalId("REPLAN-IN");
        // high-touch: the growth cadence sends no value summary of its own (medium-touch's monthly one would)
        journeys.enrol(id, 150_000, false, false, daysFromNow(95), daysFromNow(-270), "dana", null);
        journeys.advance(Duration.ofDays(35)); // 60 days out, waiting for the 30-day step

        java.time.LocalDate newDate = daysFromNow(20);
        send(id, event("renewal-date-changed", "renewalDate", newDate.toString()));
        journeys.executeDueJobs();

        assertThat(tasksOf(id, "Task_PresentRenewalProposal")).as("the 30-day step is due: at once").hasSize(1);
        assertThat(tasksOf(id, "Task_ScheduleRenewalDiscussion")).as("not repeated").hasSize(1);
        assertThat(emailsOf(id, "Send_ValueSummary")).as("not repeated").isEqualTo(1);
        journeys.advance(Duration.ofDays(6));
        // 14 days before the new date is a Sunday: the email waits for Monday's send window
        assertThat(emailsOf(id, "Send_RenewalUrgency")).as("not on a Sunday").isZero();
        journeys.advance(Duration.ofDays(1));
        assertThat(emailsOf(id, "Send_RenewalUrgency")).as("14 days before the new date, next working day").isEqualTo(1);
        assertThat(rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id, JsonNode.class)
                .path("renewalDate").asText()).isEqualTo(newDate.toString());
    }

    @Test
    void aCustomersOwnRhythmIsHonouredByTheJourneysTimers() {
        String id = account("RHYTHM", 150_000, "dana", null); // check-in every 2 weeks by default
        journeys.advance(Duration.ofDays(3));

        var answer = send(id, event("rhythm-requested", "cadence", "check-in", "every", "P28D",
                "reason", "Customer prefers every 4 weeks"));
        assertThat(answer.getBody().path("status").asText()).isEqualTo("applied");

        // the waiting check-in moves to the account's slot of a 4-week rhythm: at least 2 weeks on,
        // then every 4 weeks
        int first = 3 + journeys.advanceUntil("the first check-in", () -> !tasksOf(id, "Task_CheckInCall").isEmpty(), 45);
        assertThat(first).as("day of the first check-in after the request").isBetween(3 + 14, 3 + 14 + 28);
        journeys.complete(tasksOf(id, "Task_CheckInCall").get(0), "dana", Map.of("outcome", "held", "channel", "video-call"));
        int gap = journeys.advanceUntil("the next check-in", () -> !tasksOf(id, "Task_CheckInCall").isEmpty(), 45);
        assertThat(gap).as("4 weeks, not 2").isEqualTo(28);

        assertThat(fields(send(id, event("rhythm-requested", "cadence", "check-in", "every", "P3D"))))
                .as("outside the tier's guidelines").containsExactly("every");
        assertThat(fields(send(id, event("rhythm-requested", "cadence", "newsletter", "every", "P1M"))))
                .containsExactly("cadence");
        assertThat(send(id, event("rhythm-requested", "cadence", "business-review", "every", "P1M"))
                .getBody().path("message").asText()).as("monthly QBRs").isEqualTo("business-review every P1M");
    }

    @Test
    void aCommercialsChangeMovesTheAccountToItsNewTiersJourney() {
        String id = account("TIER-EV", 10_000, null, null);
        var answer = send(id, event("commercials-changed", "arr", 60_000, "pod", "pod-borealis"));
        assertThat(answer.getBody().path("message").asText()).isEqualTo("tier medium-touch");
        JsonNode after = rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id, JsonNode.class);
        assertThat(after.path("journey").path("processDefinitionKey").asText()).isEqualTo("journey-medium-touch");
        journeys.advanceUntil("the new owner gets the next touch",
                () -> tasks.createTaskQuery().processInstanceBusinessKey(id).taskCandidateGroup("pod-borealis").count() > 0, 46);
    }

    /** The CRM names the industry anew, or clears it with an empty text; the account's plan is made again with it. */
    @Test
    void aCommercialsChangeSetsOrClearsTheIndustry() {
        String id = account("IND-EV", 150_000, "dana", null);
        assertThat(send(id, event("commercials-changed", "industry", "Retail")).getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode after = rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id, JsonNode.class);
        assertThat(after.path("industry").asText()).isEqualTo("Retail");
        assertThat(after.path("tier").asText()).as("the tier stays: no rule of tier-assignment.dmn reads it").isEqualTo("high-touch");
        assertThat(jdbc.queryForObject("select count(*) from account where external_id = ? and industry = 'Retail'",
                Integer.class, id)).isEqualTo(1);

        send(id, event("commercials-changed", "arr", 160_000));
        assertThat(rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id, JsonNode.class).path("industry")
                .asText()).as("a change without industry keeps it").isEqualTo("Retail");
        send(id, event("commercials-changed", "industry", ""));
        assertThat(rest.withBasicAuth("crm", "crm").getForObject("/api/accounts/" + id, JsonNode.class)
                .hasNonNull("industry")).isFalse();
    }

    @Test
    void aBatchTakesEachEventOnItsOwn() {
        String good = account("BATCH", 150_000, "dana", null);
        List<Map<String, Object>> batch = List.of(
                Map.of("externalId", good, "event", event("nps-answer", "score", 2)),
                Map.of("externalId", "NO-SUCH-ACCOUNT", "event", event("nps-answer", "score", 2)),
                Map.of("externalId", good, "event", event("nps-answer", "score", 42)),
                Map.of("externalId", good, "event", event("milestone-reached", "milestone", "Go-live")));

        ResponseEntity<JsonNode> answer = post("/api/events", batch);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Integer> statuses = new ArrayList<>();
        answer.getBody().forEach(r -> statuses.add(r.path("status").asInt()));
        assertThat(statuses).containsExactly(200, 404, 400, 200);
        assertThat(answer.getBody().get(2).path("errors").get(0).path("field").asText()).isEqualTo("score");
        assertThat(tasksOf(good, EventTouchesProcess.TASK_DETRACTOR_FOLLOW_UP)).hasSize(1);
        assertThat(tasksOf(good, EventTouchesProcess.TASK_CONGRATULATE)).hasSize(1);
    }
}
