package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
 * The rollout as CS Ops meet it: a book of 200 accounts over the four tiers, at every stage (established in their
 * cadence, and onboarding on days 5, 12, 35 and 50), lives on version 1 for 50 days. CS Ops deploy the changed
 * medium-touch journey as the Modeler does (check-ins every 2 weeks, the day-14 check-in on day 10, a new day-45
 * email) and roll it out. Every medium-touch journey moves and nothing else changes; the established accounts'
 * next check-in comes in the new cadence's slot; the day-45 email reaches the accounts before day 45, once, and
 * no other; open tasks keep their CSM and what was typed; no touch runs twice; each moved account has one line on
 * its timeline. The book then lives 50 more days.
 */
class BookRolloutTest extends ProcessTestBase {

    private static final String KEY = "journey-medium-touch";
    private static final int BOOK = 200;
    /** Book days on which each onboarding wave enrols; the rollout comes on day 50 (days 50, 35, 12 and 5 then). */
    private static final int[] WAVES = { 0, 15, 38, 45 };
    private static final int ROLLOUT_DAY = 50;

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

    private final List<String> deployments = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        jdbc.update("update model_rollout set running_key = null");
        deployments.forEach(id -> repository.deleteDeployment(id, true));
    }

    /** An account of the book: its tier (by ARR, as tier-assignment.dmn decides) and when it enrols. */
    private record Member(String id, String tier, int enrolsOnDay, boolean established) {
    }

    private final List<Member> book = new ArrayList<>();
    private String prefix;

    /** The touch model's tier mix (15% high, 35% medium, 30% low, 20% tech), each tier at every stage. */
    private void planBook() {
        prefix = Journeys.newExternalId("BOOKRO");
        String[] tiers = new String[BOOK];
        for (int i = 0; i < BOOK; i++) {
            int share = i * 100 / BOOK;
            tiers[i] = share < 15 ? "high" : share < 50 ? "medium" : share < 80 ? "low" : "tech";
        }
        for (int i = 0; i < BOOK; i++) {
            int stage = i % 5; // 0: established; 1-4: the onboarding waves
            book.add(new Member(prefix + "-" + i, tiers[i], stage == 0 ? 0 : WAVES[stage - 1], stage == 0));
        }
    }

    private void enrol(Member m, int index) {
        long arr = switch (m.tier()) {
            case "high" -> 150_000;
            case "medium" -> 30_000;
            case "low" -> 12_000;
            default -> 2_000;
        };
        LocalDate today = Journeys.today();
        // the established ones renew after this test's 100 days and their 90-day countdown: no renewal touches here
        LocalDate renewal = m.established() ? today.plusDays(200 + index % 150) : today.plusDays(365);
        LocalDate since = m.established() ? renewal.minusYears(2) : today;
        journeys.enrol(m.id(), arr, false, false, renewal, since, m.tier().equals("high") ? "dana" : null,
                m.tier().equals("medium") ? "pod-atlas" : null);
    }

    private List<Task> openTasksOfBook() {
        return tasks.createTaskQuery().processInstanceBusinessKeyLike(prefix + "-%").list();
    }

    /** One day of the book: the clock moves a day, every touch that came up is held (unless {@code holdCalls} is off). */
    private void liveDay(boolean holdCalls) {
        journeys.advance(Duration.ofDays(1));
        if (holdCalls) {
            for (Task task : openTasksOfBook()) {
                journeys.completeAsHeld(task, task.getAssignee() != null ? task.getAssignee() : "priya");
            }
        }
    }

    private List<ProcessInstance> instancesOfBook() {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKeyLike(prefix + "-%").list();
    }

    private long done(String account, String activity) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(account).processDefinitionKey(KEY).singleResult().getId()).activityId(activity)
                .finished().count();
    }

    @Test
    void aChangedJourneyRollsOutToABookOfTwoHundredAccountsOverTheFourTiers() throws Exception {
        planBook();
        for (int day = 0; day < ROLLOUT_DAY; day++) {
            for (int i = 0; i < book.size(); i++) {
                if (book.get(i).enrolsOnDay() == day) {
                    enrol(book.get(i), i);
                }
            }
            liveDay(day < ROLLOUT_DAY - 3); // the last days' touches stay open for the rollout
        }
        List<Member> medium = book.stream().filter(m -> m.tier().equals("medium")).toList();
        assertThat(medium).hasSize(70);
        assertThat(book.stream().map(Member::tier).distinct()).containsExactlyInAnyOrder("high", "medium", "low", "tech");
        LocalDate rolloutDay = Journeys.today();

        // before: what must not change
        String v1 = repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult().getId();
        Map<String, String> definitionOf = new HashMap<>();
        instancesOfBook().forEach(p -> definitionOf.put(p.getId(), p.getProcessDefinitionId()));
        Map<String, Member> memberOf = new HashMap<>();
        book.forEach(m -> memberOf.put(m.id(), m));
        Map<String, Instant> timersElsewhere = new HashMap<>();
        Map<String, Instant> unchangedMediumTimers = new HashMap<>();
        for (Job job : management.createJobQuery().timers().list()) {
            String definition = definitionOf.get(job.getProcessInstanceId());
            if (definition == null) {
                continue;
            }
            if (!definition.equals(v1)) {
                timersElsewhere.put(job.getId(), job.getDuedate().toInstant());
            } else {
                // the half-yearly review did not change; day 90 did not either, for an account past the new day 45
                // (one before it goes to day 45 first)
                String activity = management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult()
                        .getActivityId();
                Member m = memberOf.get(runtime.createProcessInstanceQuery().processInstanceId(job.getProcessInstanceId())
                        .singleResult().getBusinessKey());
                if (activity.equals("Timer_Every6Months") || activity.equals("Timer_Day90") && !m.established()
                        && ROLLOUT_DAY - m.enrolsOnDay() >= 45) {
                    unchangedMediumTimers.put(job.getId(), job.getDuedate().toInstant());
                }
            }
        }
        assertThat(timersElsewhere).as("the other tiers' journeys and countdowns wait for their touches").hasSizeGreaterThan(100);
        assertThat(unchangedMediumTimers).hasSizeGreaterThan(10);
        List<Task> open = openTasksOfBook();
        assertThat(open).as("the last days' touches are open").isNotEmpty();
        Map<String, Object[]> openBefore = new HashMap<>();
        for (Task task : open) {
            tasks.setVariableLocal(task.getId(), "notes", "Typed before the rollout: " + task.getId());
            if (task.getAssignee() == null) {
                tasks.claim(task.getId(), "priya");
            }
            openBefore.put(task.getId(), new Object[] { tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee(),
                    task.getTaskDefinitionKey() });
        }

        deployments.add(ModelerDeployments.deploy(rest, engine.getName(), "ops", "journey-medium-touch.bpmn",
                ModelerDeployments.changedMediumTouch()));
        ResponseEntity<JsonNode> started = rest.withBasicAuth("ops", "ops").postForEntity("/api/model/" + KEY + "/rollouts",
                new HttpEntity<>(Map.of()), JsonNode.class);
        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.ACCEPTED);
        for (int i = 0; i < 3; i++) {
            journeys.advance(Duration.ofMinutes(1));
        }
        JsonNode rollout = rest.withBasicAuth("ops", "ops").getForObject("/api/model/rollouts/" + started.getBody().path("id")
                .asLong(), JsonNode.class);
        long mediumRunningBefore = definitionOf.values().stream().filter(v1::equals).count();
        assertThat(rollout.path("state").asText()).isEqualTo("done");
        assertThat(rollout.path("refused").asInt()).isZero();
        assertThat(rollout.path("moved").asLong()).as("every medium-touch journey of the book (and of earlier tests)")
                .isGreaterThanOrEqualTo(mediumRunningBefore);

        // every medium-touch journey on v2; nothing else moved or re-planned
        String v2 = repository.createProcessDefinitionQuery().processDefinitionKey(KEY).latestVersion().singleResult().getId();
        for (ProcessInstance p : instancesOfBook()) {
            String before = definitionOf.get(p.getId());
            assertThat(p.getProcessDefinitionId()).as(p.getBusinessKey()).isEqualTo(before.equals(v1) ? v2 : before);
        }
        timersElsewhere.forEach((job, due) -> assertThat(management.createJobQuery().jobId(job).singleResult().getDuedate()
                .toInstant()).as("another tier's timer keeps its day").isEqualTo(due));
        unchangedMediumTimers.forEach((job, due) -> assertThat(management.createJobQuery().jobId(job).singleResult()
                .getDuedate().toInstant()).as("an unchanged timer keeps its day").isEqualTo(due));

        // the established medium accounts waiting for their monthly check-in: the new cadence's slot
        Slots.Blackouts blackouts = cadences.blackouts(null);
        int replanned = 0;
        for (Member m : medium) {
            if (!m.established()) {
                continue;
            }
            String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(m.id()).processDefinitionKey(KEY)
                    .singleResult().getId();
            for (String loop : List.of("Timer_MonthlyCall", "Timer_MonthlyEmail")) {
                Job waiting = management.createJobQuery().processInstanceId(instance).activityId(loop).singleResult();
                if (waiting != null) {
                    assertThat(waiting.getDuedate().toInstant()).as(m.id()).isEqualTo(Schedule.atLocalMorning(
                            Cadences.nextSlot(Slots.keyOf(m.id()), "check-in", "P14D", rolloutDay, blackouts), ZoneOffset.UTC)
                            .toInstant());
                    replanned++;
                }
            }
        }
        assertThat(replanned).as("established medium accounts re-planned to the 2-week slot").isGreaterThanOrEqualTo(10);

        // open tasks: the same tasks, the same CSM, what was typed
        for (var entry : openBefore.entrySet()) {
            Task now = tasks.createTaskQuery().taskId(entry.getKey()).singleResult();
            assertThat(now).as("open task " + entry.getValue()[1]).isNotNull();
            assertThat(now.getAssignee()).isEqualTo(entry.getValue()[0]);
            assertThat(tasks.getVariableLocal(now.getId(), "notes")).isEqualTo("Typed before the rollout: " + now.getId());
        }

        // one line on each moved account's timeline, none on the others'
        Map<String, Long> lines = new HashMap<>();
        jdbc.query("""
                select a.external_id, count(*) from touchpoint t join account a on a.id = t.account_id
                where t.kind = 'model-rollout' and a.external_id like ? group by a.external_id""", (java.sql.ResultSet rs) -> {
            lines.put(rs.getString(1), rs.getLong(2));
        }, prefix + "-%");
        assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(medium.stream().map(Member::id).toList());
        assertThat(lines.values()).containsOnly(1L);

        for (int day = 0; day < 50; day++) {
            liveDay(true);
        }
        for (Member m : medium) {
            int dayAtRollout = m.established() ? -1 : ROLLOUT_DAY - m.enrolsOnDay();
            assertThat(done(m.id(), "Send_Day45Tips")).as(m.id() + " on day " + dayAtRollout + " at the rollout")
                    .isEqualTo(dayAtRollout >= 0 && dayAtRollout < 45 ? 1L : 0L);
            if (!m.established()) {
                assertThat(done(m.id(), "Send_OnboardingEmail")).as(m.id() + ": the day-1 email once").isOne();
                assertThat(done(m.id(), "Task_CheckInCall")).as(m.id() + ": the onboarding check-in once").isOne();
                assertThat(done(m.id(), "Task_MilestoneCheckIn")).as(m.id() + ": the milestone call once").isOne();
            }
        }
        // nothing twice: no step of any journey or countdown of the book ran twice on one day
        List<String> twice = jdbc.queryForList("""
                select A.PROC_INST_ID_ || ' ' || A.ACT_ID_ from ACT_HI_ACTINST A join ACT_HI_PROCINST P on P.ID_ = A.PROC_INST_ID_
                where P.BUSINESS_KEY_ like ? and A.ACT_TYPE_ in ('serviceTask', 'userTask', 'sendTask', 'callActivity')
                group by A.PROC_INST_ID_, A.ACT_ID_, cast(A.START_TIME_ as date) having count(*) > 1""", String.class, prefix + "-%");
        assertThat(twice).as("steps that ran twice on one day").isEmpty();
        List<String> emailedTwice = jdbc.queryForList("""
                select a.external_id || ' ' || m.template from outbox_message m join account a on a.id = m.account_id
                where a.external_id like ? group by a.external_id, m.template, cast(m.created_at as date) having count(*) > 1""",
                String.class, prefix + "-%");
        assertThat(emailedTwice).as("an account emailed the same template twice on one day").isEmpty();
    }
}
