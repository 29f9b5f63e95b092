package io.touchline.support;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.account.AccountRequest;
import io.touchline.account.AccountService;
import io.touchline.account.Viewer;
import io.touchline.messaging.OutboxDispatcher;

/**
 * Test driver: enrols accounts through the real service, moves the engine clock, runs the jobs
 * that are due (timers) and delivers the outbox, as the job executor and dispatcher would.
 */
@Component
public class Journeys {

    public static final Viewer CRM = new Viewer("crm", java.util.Set.of(Viewer.INTEGRATIONS));
    /** A Monday, 10:00 UTC (after the 09:00 touches of a day): all scenarios start here. */
    public static final Instant START = Instant.parse("2027-01-04T10:00:00Z");

    private final AccountService accounts;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final TaskService tasks;
    private final OutboxDispatcher dispatcher;
    private final JdbcTemplate jdbc;
    private final io.touchline.calendar.PlannedTouches planned;

    Journeys(AccountService accounts, RuntimeService runtime, ManagementService management, TaskService tasks,
            OutboxDispatcher dispatcher, JdbcTemplate jdbc, io.touchline.calendar.PlannedTouches planned) {
        this.planned = planned;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.runtime = runtime;
        this.management = management;
        this.tasks = tasks;
        this.dispatcher = dispatcher;
    }

    public static String newExternalId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void startClock() {
        ClockUtil.setCurrentTime(Date.from(START));
        // the engine stamps a wrong password with the engine clock (no lock in effect: loginDelayBase 0); moved back
        // to START, a stamp from a later test day would read as a lock still running
        jdbc.update("update ACT_ID_USER set ATTEMPTS_ = 0, LOCK_EXP_TIME_ = null where LOCK_EXP_TIME_ is not null");
    }

    public static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    public static LocalDate today() {
        return LocalDate.ofInstant(now(), ZoneOffset.UTC);
    }

    /** Ends every running instance and resets the clock, so the next test starts clean. */
    public void cleanUp() {
        List<String> running = runtime.createProcessInstanceQuery().rootProcessInstances().list().stream().map(pi -> pi.getId()).toList();
        if (!running.isEmpty()) {
            runtime.deleteProcessInstancesIfExists(running, "test cleanup", true, true, false);
        }
        // what a test left undelivered must not arrive in the next test's mail server
        jdbc.update("delete from outbox_message where sent_at is null");
        // the ended journeys leave the calendar before the next test looks at it
        planned.catchUp(new io.touchline.account.Scope(true, null, java.util.Set.of(), java.util.Set.of()), null,
                Duration.ofMinutes(1));
        ClockUtil.reset();
    }

    public AccountService.EnrolledAccount enrol(String externalId, long arr, boolean strategic, boolean trial,
            LocalDate renewalDate, LocalDate customerSince, String csm, String pod) {
        return accounts.enrol(request(externalId, arr, strategic, trial, renewalDate, customerSince, csm, pod), CRM);
    }

    public static AccountRequest request(String externalId, long arr, boolean strategic, boolean trial,
            LocalDate renewalDate, LocalDate customerSince, String csm, String pod) {
        return request(externalId, arr, strategic, trial, renewalDate, customerSince, csm, pod, "UTC");
    }

    public static AccountRequest request(String externalId, long arr, boolean strategic, boolean trial,
            LocalDate renewalDate, LocalDate customerSince, String csm, String pod, String timeZone) {
        return new AccountRequest(externalId, "Account " + externalId, BigDecimal.valueOf(arr), strategic, trial,
                renewalDate, customerSince, timeZone, csm, pod,
                List.of(new AccountRequest.ContactRequest("Jamie Customer", externalId.toLowerCase() + "@customer.example",
                        "primary")));
    }

    /** Runs every job that is due at the current engine time, until none is left. */
    public int executeDueJobs() {
        int executed = 0;
        for (int round = 0; round < 100; round++) {
            List<Job> due = management.createJobQuery().executable().list();
            if (due.isEmpty()) {
                break;
            }
            for (Job job : due) {
                management.executeJob(job.getId());
                executed++;
            }
        }
        dispatcher.dispatchDue();
        return executed;
    }

    /** Moves the clock forward and runs what became due. */
    public void advance(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(now().plus(duration)));
        executeDueJobs();
    }

    /**
     * Moves the clock a day at a time until {@code condition} holds, as a recurring touch comes in
     * the account's slot of its period rather than on a fixed day; fails after {@code maxDays}.
     * Returns the days it took.
     */
    public int advanceUntil(String what, java.util.function.BooleanSupplier condition, int maxDays) {
        for (int day = 0; day <= maxDays; day++) {
            if (condition.getAsBoolean()) {
                return day;
            }
            advance(Duration.ofDays(1));
        }
        throw new AssertionError("Not within " + maxDays + " days: " + what);
    }

    public List<Task> openTasks(String externalId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(externalId).orderByTaskCreateTime().asc().list();
    }

    public List<Task> openTasksOfAccount(String externalId) {
        List<Task> all = new ArrayList<>();
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(externalId).list()
                .forEach(pi -> all.addAll(tasks.createTaskQuery().processInstanceId(pi.getId()).list()));
        return all;
    }

    /** Completes a task as its CSM would through the form: a held call in good health. */
    public void completeAsHeld(Task task, String user) {
        complete(task, user, Map.of("outcome", "held", "channel", "video-call", "notes", "Talked about goals",
                "nextSteps", "Send recap", "healthAssessment", "green"));
    }

    public void complete(Task task, String user, Map<String, Object> formValues) {
        if (task.getAssignee() == null) {
            tasks.claim(task.getId(), user);
        }
        tasks.complete(task.getId(), formValues);
        // what follows a save point (asyncBefore) runs as the job executor would, right after the Complete
        executeDueJobs();
    }
}
