package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.journey.Cadences;
import io.touchline.journey.Schedule;
import io.touchline.journey.Slots;
import io.touchline.support.Journeys;
import io.touchline.support.ModelerDeployments;
import io.touchline.support.ProcessTestBase;

/**
 * CS Ops change the medium-touch journey (check-ins every 2 weeks, the day-14 check-in on day 10, a new day-45
 * email), deploy it as the Modeler does, and roll it out to the accounts already on it, at every stage: each
 * journey moves; a changed timer is planned again from the account's own dates (a day already past runs once,
 * now), an unchanged one keeps its due date; an open task keeps its CSM and what she typed; the new day-45 email
 * reaches the accounts before it and only them, once; each account's timeline says what happened.
 */
class RolloutTest extends ProcessTestBase {

    private static final String KEY = "journey-medium-touch";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Cadences cadences;
    @Autowired
    io.touchline.account.AccountService accountService;

    private final List<String> deployments = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        jdbc.update("update model_rollout set running_key = null");
        deployments.forEach(id -> repository.deleteDeployment(id, true)); // the other tests run the model as shipped
    }

    private void enrolNew(String id) {
        journeys.enrol(id, 30_000, false, false, Journeys.today().plusDays(365), Journeys.today(), null, "pod-atlas");
    }

    /** Day by day, priya holds every call that comes up, except those {@code keepOpen} says wait. */
    private void live(int days, Predicate<Task> keepOpen, String... accounts) {
        for (int day = 0; day < days; day++) {
            journeys.advance(Duration.ofDays(1));
            for (String account : accounts) {
                for (Task task : journeys.openTasksOfAccount(account)) {
                    if (!keepOpen.test(task)) {
                        journeys.completeAsHeld(task, "priya");
                    }
                }
            }
        }
    }

    private Job timer(String account, String activity) {
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(account).processDefinitionKey(KEY)
                .singleResult().getId();
        return management.createJobQuery().processInstanceId(instance).activityId(activity).singleResult();
    }

    private long done(String account, String activity) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(account).processDefinitionKey(KEY).singleResult().getId()).activityId(activity)
                .finished().count();
    }

    private static org.springframework.http.HttpHeaders formHeaders() {
        var headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED);
        return headers;
    }

    private JsonNode rollOut(String user, Map<String, Object> request) {
        ResponseEntity<JsonNode> started = rest.withBasicAuth(user, user).postForEntity("/api/model/" + KEY + "/rollouts",
                new HttpEntity<>(request), JsonNode.class);
        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.ACCEPTED);
        return started.getBody();
    }

    /** The batch runs as the job executor would run it; the page then tells where it stands. */
    private JsonNode finish(JsonNode rollout) {
        for (int i = 0; i < 3; i++) {
            journeys.advance(Duration.ofMinutes(1));
        }
        return rest.withBasicAuth("ops", "ops").getForObject("/api/model/rollouts/" + rollout.path("id").asLong(), JsonNode.class);
    }

    @Test
    void aChangedJourneyRollsOutToEveryStageOfTheBook() throws Exception {
        String late = Journeys.newExternalId("RO-LATE");       // day 50 at the rollout: past day 45
        String growth = Journeys.newExternalId("RO-GROWTH");   // in its monthly cadence
        journeys.enrol(growth, 30_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(200), null,
                "pod-atlas");
        enrolNew(late);
        live(15, t -> false, late, growth);
        String day35 = Journeys.newExternalId("RO-DAY35");     // day 35 at the rollout: waiting for day 90, before day 45
        enrolNew(day35);
        live(5, t -> false, late, growth, day35);
        String openTask = Journeys.newExternalId("RO-TASK");   // day 30 at the rollout: its milestone call open
        enrolNew(openTask);
        live(18, t -> false, late, growth, day35, openTask);
        String pastDay10 = Journeys.newExternalId("RO-DAY12");  // day 12 at the rollout: waiting for day 14
        enrolNew(pastDay10);
        live(7, t -> false, late, growth, day35, openTask, pastDay10);
        String early = Journeys.newExternalId("RO-DAY5");      // day 5 at the rollout: waiting for day 14
        enrolNew(early);
        live(5, t -> t.getTaskDefinitionKey().equals("Task_MilestoneCheckIn"), late, growth, day35, openTask, pastDay10, early);
        String[] book = { late, growth, day35, openTask, pastDay10, early };
        assertThat(timer(day35, "Timer_Day90")).as("day 35: waiting for day 90").isNotNull();

        Task milestone = journeys.openTasksOfAccount(openTask).stream()
                .filter(t -> t.getTaskDefinitionKey().equals("Task_MilestoneCheckIn")).findFirst().orElseThrow();
        tasks.claim(milestone.getId(), "priya");
        tasks.setVariablesLocal(milestone.getId(), Map.of("notes", "Halfway through the form"));
        Instant reviewDue = timer(growth, "Timer_Every6Months").getDuedate().toInstant();
        Instant day90Due = timer(late, "Timer_Day90").getDuedate().toInstant();
        assertThat(timer(early, "Timer_Day14")).isNotNull();
        assertThat(timer(pastDay10, "Timer_Day14")).isNotNull();

        String countdown = runtime.createProcessInstanceQuery().processInstanceBusinessKey(growth)
                .processDefinitionKey("renewal-countdown").singleResult().getId();
        assertThat(management.createJobQuery().processInstanceId(countdown).activityId("Timer_Renewal90Days").count()).isOne();
        deployments.add(ModelerDeployments.deploy(rest, engine.getName(), "ops", "journey-medium-touch.bpmn", ModelerDeployments.changedMediumTouch()));
        // and the countdown's first step ten days earlier
        deployments.add(ModelerDeployments.deploy(rest, engine.getName(), "ops", "renewal-countdown.bpmn",
                java.nio.file.Files.readString(java.nio.file.Path.of("processes/renewal-countdown.bpmn"))
                        .replace("${schedule.before(renewalDate, 'P90D')}", "${schedule.before(renewalDate, 'P100D')}")));
        LocalDate rolloutDay = Journeys.today();
        assertThat(rest.withBasicAuth("priya", "priya").postForEntity("/api/model/" + KEY + "/rollouts", new HttpEntity<>(Map.of()),
                String.class).getStatusCode()).as("a CSM does not roll out").isEqualTo(HttpStatus.FORBIDDEN);
        JsonNode started = rollOut("ops", Map.of());
        assertThat(started.path("selected").asInt()).as("6 journeys and the countdown the growth account's calls").isEqualTo(7);
        assertThat(started.path("refused").asInt()).isZero();
        assertThat(rest.withBasicAuth("ops", "ops").postForEntity("/api/model/" + KEY + "/rollouts", new HttpEntity<>(Map.of()),
                String.class).getStatusCode()).as("one rollout of a process at a time").isEqualTo(HttpStatus.CONFLICT);

        JsonNode rollout = finish(started);
        assertThat(rollout.path("state").asText()).isEqualTo("done");
        assertThat(rollout.path("moved").asInt()).isEqualTo(7);
        String latest = repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult().getId();
        for (String account : book) {
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(account).processDefinitionKey(KEY)
                    .singleResult().getProcessDefinitionId()).as(account + " is on the latest version").isEqualTo(latest);
        }

        // the countdown the journey calls moved with it, its changed step planned again from the renewal date
        assertThat(repository.getProcessDefinition(runtime.createProcessInstanceQuery().processInstanceId(countdown).singleResult()
                .getProcessDefinitionId()).getDeploymentId()).isEqualTo(deployments.get(1));
        assertThat(management.createJobQuery().processInstanceId(countdown).activityId("Timer_Renewal90Days").singleResult()
                .getDuedate().toInstant()).isEqualTo(Schedule.before(runtime.getVariable(countdown, "renewalDate"), "P100D",
                        ZoneOffset.UTC, cadences.blackouts(null)).toInstant());

        // a cadence loop waiting for its next slot: the new cadence's next slot; the unchanged review keeps its day
        Slots.Blackouts blackouts = cadences.blackouts(null);
        Job monthly = timer(growth, "Timer_MonthlyCall") != null ? timer(growth, "Timer_MonthlyCall")
                : timer(growth, "Timer_MonthlyEmail"); // the monthly touch alternates a call and an email
        assertThat(monthly.getDuedate().toInstant()).isEqualTo(Schedule.atLocalMorning(
                Cadences.nextSlot(Slots.keyOf(growth), "check-in", "P14D", rolloutDay, blackouts), ZoneOffset.UTC).toInstant());
        assertThat(timer(growth, "Timer_Every6Months").getDuedate().toInstant()).isEqualTo(reviewDue);
        assertThat(timer(late, "Timer_Day90").getDuedate().toInstant()).as("an unchanged timer keeps its due date")
                .isEqualTo(day90Due);
        // the day-14 check-in, now on day 10, from the account's own enrolment; a day already past runs once, now
        assertThat(timer(early, "Timer_Day14").getDuedate().toInstant()).isEqualTo(Schedule.after(
                runtime.getVariable(timer(early, "Timer_Day14").getProcessInstanceId(), "enrolledAt"), "P10D", ZoneOffset.UTC,
                blackouts).toInstant());
        assertThat(journeys.openTasksOfAccount(pastDay10)).extracting(Task::getTaskDefinitionKey).containsExactly("Task_CheckInCall");
        assertThat(jdbc.queryForObject("""
                select t.notes from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'model-rollout'""", String.class, pastDay10))
                .as("day 10 already past: its check-in is open now").contains("\nOpen now: 'Check-in call'");
        String earlyLine = jdbc.queryForObject("""
                select t.notes from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'model-rollout'""", String.class, early);
        assertThat(earlyLine).as("the next touch, as the account's line says it").endsWith("Next: 'Day 10' on "
                + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)
                        .format(timer(early, "Timer_Day14").getDuedate().toInstant().atZone(ZoneOffset.UTC)));
        // the open task keeps its CSM and what she typed
        Task kept = tasks.createTaskQuery().taskId(milestone.getId()).singleResult();
        assertThat(kept.getAssignee()).isEqualTo("priya");
        assertThat(tasks.getVariableLocal(milestone.getId(), "notes")).isEqualTo("Halfway through the form");

        live(60, t -> false, book);
        assertThat(done(early, "Send_Day45Tips")).as("before day 45: the new email, once").isEqualTo(1);
        assertThat(done(pastDay10, "Send_Day45Tips")).isEqualTo(1);
        assertThat(done(day35, "Send_Day45Tips")).as("day 35, waiting for day 90: the new day 45 comes first").isEqualTo(1);
        assertThat(done(day35, "Send_UsageReport")).as("and day 90 after it").isEqualTo(1);
        assertThat(done(openTask, "Send_Day45Tips")).isEqualTo(1);
        assertThat(done(late, "Send_Day45Tips")).as("past day 45: not sent").isZero();
        for (String account : new String[] { late, day35, openTask, pastDay10, early }) {
            assertThat(done(account, "Task_CheckInCall")).as(account + ": the onboarding check-in once").isEqualTo(1);
            assertThat(done(account, "Task_MilestoneCheckIn")).as(account + ": the milestone call once").isEqualTo(1);
            assertThat(done(account, "Send_OnboardingEmail")).as(account + ": the day-1 email once").isEqualTo(1);
        }
        List<String> emails = jdbc.queryForList("""
                select m.id from outbox_message m join account a on a.id = m.account_id
                where a.external_id in (?, ?, ?, ?, ?, ?)""", String.class, (Object[]) book);
        assertThat(emails).as("the new email went out, each once").contains(early + "/Send_Day45Tips/1")
                .noneMatch(e -> e.matches(".*/(Send_OnboardingEmail|Send_Day45Tips|Send_UsageReport)/[2-9]"));

        // what waits for an event still hears it: the moved journey ends when the account churns
        accountService.churn(late, Journeys.CRM);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(late).processDefinitionKey(KEY).count()).isZero();
        assertThat(done(late, "End_ChurnedByEvent")).isOne();

        // one line on each account's timeline
        for (String account : book) {
            List<Map<String, Object>> lines = jdbc.queryForList("""
                    select t.title, t.notes from touchpoint t join account a on a.id = t.account_id
                    where a.external_id = ? and t.kind = 'model-rollout'""", account);
            assertThat(lines).hasSize(1);
            assertThat((String) lines.get(0).get("TITLE")).matches("Moved to Medium-touch journey \\(Tier 2\\) v\\d+ \\(was v\\d+\\)");
            assertThat((String) lines.get(0).get("NOTES")).startsWith("What changed: ").contains("check-in every 2 weeks (P14D)")
                    .containsAnyOf("\nNext: '", "\nOpen now: '");
        }
    }

    @Test
    void aJourneyWaitingAtARenamedStepIsRefusedByNameUntilCsOpsMapIt() throws Exception {
        String waiting = Journeys.newExternalId("RO-RENAMED");
        String other = Journeys.newExternalId("RO-OTHER");
        enrolNew(waiting);
        live(31, t -> t.getTaskDefinitionKey().equals("Task_MilestoneCheckIn"), waiting);
        enrolNew(other);
        live(2, t -> t.getTaskDefinitionKey().equals("Task_MilestoneCheckIn"), waiting, other);
        assertThat(journeys.openTasksOfAccount(waiting)).extracting(Task::getTaskDefinitionKey).contains("Task_MilestoneCheckIn");

        String renamed = java.nio.file.Files.readString(java.nio.file.Path.of("processes/journey-medium-touch.bpmn"))
                .replace("Task_MilestoneCheckIn", "Task_MilestoneCall");
        deployments.add(ModelerDeployments.deploy(rest, engine.getName(), "ops", "journey-medium-touch.bpmn", renamed));

        JsonNode first = finish(rollOut("ops", Map.of()));
        assertThat(first.path("moved").asInt()).isEqualTo(1);
        assertThat(first.path("refused").asInt()).isEqualTo(1);
        JsonNode refused = first.path("notMoved").get(0);
        assertThat(refused.path("account").asText()).isEqualTo(waiting);
        assertThat(refused.path("reason").asText()).contains("'Milestone check-in' (Task_MilestoneCheckIn)", "does not have");
        ResponseEntity<String> page = rest.withBasicAuth("ops", "ops")
                .getForEntity("/model/rollouts/" + first.path("id").asLong(), String.class);
        assertThat(page.getBody()).contains(waiting, "Milestone check-in", "(Task_MilestoneCheckIn)", "does not have");

        // CS Ops map the renamed step on the Model page's form; a line that is not a pair says so, nothing moves
        var bad = new org.springframework.util.LinkedMultiValueMap<String, String>();
        bad.add("mapping", "Task_MilestoneCheckIn Task_MilestoneCall");
        ResponseEntity<String> refusedPage = rest.withBasicAuth("ops", "ops").postForEntity("/model/" + KEY + "/rollouts",
                new HttpEntity<>(bad, formHeaders()), String.class);
        assertThat(refusedPage.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(refusedPage.getBody()).contains("line 1:", "is not", "old id = new id");
        var form = new org.springframework.util.LinkedMultiValueMap<String, String>();
        form.add("fromVersion", "");
        form.add("mapping", "\n Task_MilestoneCheckIn = Task_MilestoneCall \n");
        ResponseEntity<String> posted = rest.withBasicAuth("ops", "ops").postForEntity("/model/" + KEY + "/rollouts",
                new HttpEntity<>(form, formHeaders()), String.class);
        // the answer redirects to the rollout's page, which the client follows
        assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(posted.getBody()).contains("Rollout of <span>journey-medium-touch</span>");
        JsonNode newest = rest.withBasicAuth("ops", "ops").getForObject("/api/model/rollouts", JsonNode.class).get(0);
        JsonNode mapped = finish(newest);
        assertThat(mapped.path("moved").asInt()).isEqualTo(1);
        assertThat(mapped.path("refused").asInt()).isZero();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(waiting).taskDefinitionKey("Task_MilestoneCall").count())
                .as("the open task moved to the renamed step").isEqualTo(1);

        ResponseEntity<String> nothing = rest.withBasicAuth("ops", "ops").postForEntity("/api/model/" + KEY + "/rollouts",
                new HttpEntity<>(Map.of()), String.class);
        assertThat(nothing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nothing.getBody()).contains("nothing to roll out");
    }

    @Test
    void aRenameKeptBesideTheDiagramMovesTheJourneyWithoutAnyLineOnTheForm() throws Exception {
        String waiting = Journeys.newExternalId("RO-FILE");
        enrolNew(waiting);
        live(31, t -> t.getTaskDefinitionKey().equals("Task_MilestoneCheckIn"), waiting);
        String renamed = java.nio.file.Files.readString(java.nio.file.Path.of("processes/journey-medium-touch.bpmn"))
                .replace("Task_MilestoneCheckIn", "Task_MilestoneCall");

        // a file CS Ops got wrong: the page says what is wrong with it, a rollout is refused naming it
        deployments.add(ModelerDeployments.deploy(rest, engine.getName(), "ops", new java.util.LinkedHashMap<>(Map.of(
                "journey-medium-touch.bpmn", renamed, "journey-medium-touch.rollout.yaml", "renamed:\n  - Task_MilestoneCheckIn\n"))));
        ResponseEntity<String> page = rest.withBasicAuth("ops", "ops").getForEntity("/model", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("journey-medium-touch.rollout.yaml", "expected &#39;renamed:&#39;");
        ResponseEntity<String> refused = rest.withBasicAuth("ops", "ops").postForEntity("/api/model/" + KEY + "/rollouts",
                new HttpEntity<>(Map.of()), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).contains("journey-medium-touch.rollout.yaml", "renamed:");

        // the file as it should be, deployed alone: the latest one counts, an old line for an element the older
        // version never had is left out
        deployments.add(ModelerDeployments.deploy(rest, engine.getName(), "ops", "journey-medium-touch.rollout.yaml", """
                # elements renamed in journey-medium-touch.bpmn: the id in the older version: the id now
                renamed:
                  Task_MilestoneCheckIn: Task_MilestoneCall
                  Task_NeverThere: Task_CheckInCall
                """));
        assertThat(rest.withBasicAuth("ops", "ops").getForObject("/model", String.class))
                .contains("Task_MilestoneCheckIn = Task_MilestoneCall");
        JsonNode rollout = finish(rollOut("ops", Map.of()));
        assertThat(rollout.path("refused").asInt()).isZero();
        assertThat(rollout.path("moved").asInt()).isEqualTo(1);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(waiting).taskDefinitionKey("Task_MilestoneCall").count())
                .as("the open task moved to the renamed step, as the file beside the diagram says").isEqualTo(1);
    }

    @Test
    void aJourneyWaitingForARemovedDayGoesOnToTheNextWithANoteAndAnOpenTaskOfARemovedStepIsKept() throws Exception {
        String waiting = Journeys.newExternalId("RO-SKIP");   // day 20: waiting for day 30, which v2 removes
        String working = Journeys.newExternalId("RO-OPEN");   // day 30: its milestone call open, a step v2 removes
        enrolNew(working);
        live(10, t -> false, working);
        enrolNew(waiting);
        live(20, t -> t.getTaskDefinitionKey().equals("Task_MilestoneCheckIn"), working, waiting);
        assertThat(timer(waiting, "Timer_Day30")).isNotNull();
        assertThat(journeys.openTasksOfAccount(working)).extracting(Task::getTaskDefinitionKey).contains("Task_MilestoneCheckIn");

        // v2: no day-30 milestone call any more; after the day-14 check-in the journey waits for day 90
        String xml = java.nio.file.Files.readString(java.nio.file.Path.of("processes/journey-medium-touch.bpmn"));
        for (String element : List.of("bpmn:intermediateCatchEvent id=\"Timer_Day30\"", "bpmn:userTask id=\"Task_MilestoneCheckIn\"",
                "bpmndi:BPMNShape id=\"Timer_Day30_di\"", "bpmndi:BPMNShape id=\"Task_MilestoneCheckIn_di\"",
                "bpmndi:BPMNEdge id=\"Flow_Day30_MilestoneCheckIn_di\"", "bpmndi:BPMNEdge id=\"Flow_MilestoneCheckIn_Day90_di\"")) {
            String tag = element.substring(0, element.indexOf(' '));
            xml = xml.replaceFirst("(?s)\\s*<" + java.util.regex.Pattern.quote(element) + ".*?</" + tag + ">", "");
        }
        xml = xml.replaceAll("\\s*<bpmn:sequenceFlow id=\"(Flow_Day30_MilestoneCheckIn|Flow_MilestoneCheckIn_Day90)\"[^>]*/>", "")
                .replace("sourceRef=\"Task_CheckInCall\" targetRef=\"Timer_Day30\"", "sourceRef=\"Task_CheckInCall\" targetRef=\"Timer_Day90\"");
        assertThat(xml).doesNotContain("id=\"Task_MilestoneCheckIn\"", "id=\"Timer_Day30\"");
        deployments.add(ModelerDeployments.deploy(rest, engine.getName(), "ops", "journey-medium-touch.bpmn", xml));

        JsonNode rollout = finish(rollOut("ops", Map.of()));
        assertThat(rollout.path("moved").asInt()).as("the journey waiting for the removed day").isEqualTo(1);
        assertThat(rollout.path("refused").asInt()).as("the open task of the removed step is not dropped").isEqualTo(1);
        assertThat(rollout.path("notMoved").get(0).path("account").asText()).isEqualTo(working);
        assertThat(rollout.path("notMoved").get(0).path("reason").asText()).contains("'Milestone check-in' (Task_MilestoneCheckIn)");

        assertThat(timer(waiting, "Timer_Day90")).as("it waits for day 90 now").isNotNull();
        assertThat(jdbc.queryForObject("""
                select t.notes from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'model-rollout'""", String.class, waiting))
                .contains("Skipped, as v", "no longer has them: 'Day 30', 'Milestone check-in'");
        live(75, t -> false, waiting);
        assertThat(done(waiting, "Task_MilestoneCheckIn")).as("the removed touch never comes").isZero();
        assertThat(done(waiting, "Send_UsageReport")).as("day 90 comes once").isOne();
    }
}
