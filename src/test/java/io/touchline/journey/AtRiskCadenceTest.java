package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountRepository;
import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * At risk is a step up, as the guides write it ("a temporary escalation to a higher-touch human
 * intervention, whatever the tier", "back to the tier's rhythm when recovered", the Tier 1 QBR "is
 * never skipped"): the tier's human touches and business reviews go on, the intervention comes on
 * top, tiers without a close human rhythm get weekly recovery check-ins from their owner until the
 * account recovers, and only what the diagram marks (nurture and promotional emails) pauses. A
 * score hovering at the at-risk line does not flap between the two.
 */
class AtRiskCadenceTest extends ProcessTestBase {

    @Autowired
    AccountService accounts;
    @Autowired
    AccountRepository accountRepository;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;

    private long escalations(String id) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count();
    }

    private long done(String id, String taskKey) {
        var query = history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(id).finished();
        return (taskKey == null ? query : query.taskDefinitionKey(taskKey)).count();
    }

    /** Every week, the CSM (or the pool, or the manager) holds whatever is open for the account. */
    private void workWeeks(int weeks, String... accountIds) {
        for (int week = 0; week < weeks; week++) {
            journeys.advance(Duration.ofDays(7));
            for (String id : accountIds) {
                for (Task task : journeys.openTasksOfAccount(id)) {
                    journeys.completeAsHeld(task, task.getAssignee() != null ? task.getAssignee() : "casey");
                }
            }
        }
    }

    /** An external id whose check-in and QBR slots fall as close to {@code twin}'s as one can find. */
    private static String slotTwinOf(String twin, String prefix) {
        long key = Slots.keyOf(twin);
        String best = null;
        double distance = Double.MAX_VALUE;
        for (int i = 0; i < 20_000; i++) {
            String candidate = prefix + "-" + i + "-" + twin.substring(twin.lastIndexOf('-') + 1);
            long k = Slots.keyOf(candidate);
            double d = Math.abs(Slots.fraction(k, "check-in") - Slots.fraction(key, "check-in"))
                    + Math.abs(Slots.fraction(k, "business-review") - Slots.fraction(key, "business-review"));
            if (d < distance) {
                distance = d;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * A new external id whose next quarterly business review falls within {@code weeks}: the slot of a quarter is
     * the account's own, so a random id may wait up to half a year for its first QBR, past any window a test works.
     */
    private static String withQbrWithin(String prefix, int weeks) {
        while (true) {
            String id = Journeys.newExternalId(prefix);
            java.time.LocalDate next = Cadences.nextSlot(Slots.keyOf(id), "business-review", "P3M", Journeys.today(),
                    Slots.Blackouts.NONE);
            if (next.isBefore(Journeys.today().plusWeeks(weeks))) {
                return id;
            }
        }
    }

    @Test
    void anAtRiskTier1AccountKeepsItsQbrAndGetsMoreHumanTouchesThanAHealthyOne() {
        String atRisk = withQbrWithin("T1-RISK", 14);
        String healthy = slotTwinOf(atRisk, "T1-WELL");
        journeys.enrol(atRisk, 150_000, false, false, daysFromNow(300), daysFromNow(-150), "dana", null);
        journeys.enrol(healthy, 150_000, false, false, daysFromNow(300), daysFromNow(-150), "dana", null);
        assertThat(accounts.recordHealthScore(atRisk, 25, Journeys.CRM)).isEqualTo("at-risk");
        assertThat(accounts.recordHealthScore(healthy, 80, Journeys.CRM)).isEqualTo("healthy");

        workWeeks(16, atRisk, healthy);

        assertThat(accountRepository.findByExternalId(atRisk).orElseThrow().atRisk()).isTrue();
        assertThat(done(atRisk, "Task_Qbr")).as("the Tier 1 QBR is never skipped").isEqualTo(done(healthy, "Task_Qbr"))
                .isGreaterThanOrEqualTo(1);
        assertThat(done(atRisk, "Task_CheckInCall")).as("bi-weekly check-ins go on while at risk")
                .isEqualTo(done(healthy, "Task_CheckInCall")).isGreaterThanOrEqualTo(7);
        assertThat(done(atRisk, AtRiskEscalationProcess.TASK_INTERVENTION)).as("the intervention on top").isEqualTo(1);
        assertThat(done(atRisk, null)).as("at risk means more human touch").isGreaterThan(done(healthy, null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"medium-touch, 60000, pod-atlas, pod-atlas", "low-touch, 10000, , scale-pool",
            "tech-touch, 1000, , scale-pool"})
    void tiersWithoutACloseHumanRhythmGetWeeklyRecoveryCheckInsFromTheirOwnerUntilRecovered(String tier, long arr,
            String pod, String owner) {
        String id = Journeys.newExternalId("RECOVER");
        journeys.enrol(id, arr, false, false, daysFromNow(330), daysFromNow(-150), null, pod);
        accounts.recordHealthScore(id, 20, Journeys.CRM);
        Task intervention = tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_INTERVENTION).singleResult();
        assertThat(tasks.getIdentityLinksForTask(intervention.getId())).anyMatch(l -> owner.equals(l.getGroupId()));
        journeys.completeAsHeld(intervention, "casey");

        workWeeks(4, id);
        List<Task> checkIns = tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_RECOVERY_CHECK_IN).list();
        assertThat(done(id, AtRiskEscalationProcess.TASK_RECOVERY_CHECK_IN) + checkIns.size())
                .as("a recovery check-in every week").isBetween(3L, 4L);
        journeys.advance(Duration.ofDays(7));
        Task open = tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_RECOVERY_CHECK_IN).list().get(0);
        assertThat(tasks.getIdentityLinksForTask(open.getId())).as("the tier's human owner")
                .anyMatch(l -> owner.equals(l.getGroupId()));
        assertForm(open, "check-in-call");

        assertThat(accounts.recordHealthScore(id, 70, Journeys.CRM)).isEqualTo("healthy");
        assertThat(escalations(id)).as("recovered: the escalation ends").isZero();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_RECOVERY_CHECK_IN).count())
                .as("no recovery check-in left open").isZero();
        journeys.advance(Duration.ofDays(21));
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_RECOVERY_CHECK_IN).count())
                .as("back to the tier's rhythm").isZero();
    }

    @ParameterizedTest(name = "{0}: {2} pauses, {3} goes on")
    @CsvSource({"medium-touch, 60000, Send_CheckInEmail, Send_ValueSummary",
            "low-touch, 10000, Send_QuarterlyCheckIn, Send_DashboardDigest"})
    void onlyTheEmailsTheDiagramMarksPauseWhileAtRisk(String tier, long arr, String paused, String goesOn) {
        String id = Journeys.newExternalId("RISK-MAIL");
        journeys.enrol(id, arr, false, false, daysFromNow(330), daysFromNow(-150), null,
                tier.equals("medium-touch") ? "pod-atlas" : null);
        accounts.recordHealthScore(id, 20, Journeys.CRM);
        workWeeks(26, id); // half a year: every loop of the tier came due

        assertThat(passed(id, paused)).as(paused + " paused while at risk").isZero();
        assertThat(passed(id, goesOn)).as(goesOn + " goes on").isGreaterThanOrEqualTo(3);
    }

    private long passed(String id, String activityId) {
        return history.createHistoricActivityInstanceQuery().activityId(activityId).finished().list().stream()
                .filter(a -> runtime.createProcessInstanceQuery().processInstanceId(a.getProcessInstanceId())
                        .processInstanceBusinessKey(id).count() > 0)
                .count();
    }

    @Test
    void aScoreHoveringAtTheLineDoesNotFlap() {
        String id = Journeys.newExternalId("FLAP");
        journeys.enrol(id, 60_000, false, false, daysFromNow(300), daysFromNow(-150), null, "pod-atlas");

        assertThat(accounts.recordHealthScore(id, 38, Journeys.CRM)).isEqualTo("at-risk");
        assertThat(accounts.recordHealthScore(id, 42, Journeys.CRM)).as("above 40, not yet recovered").isEqualTo("at-risk");
        assertThat(accounts.recordHealthScore(id, 39, Journeys.CRM)).isEqualTo("at-risk");
        assertThat(accounts.recordHealthScore(id, 54, Journeys.CRM)).isEqualTo("at-risk");
        assertThat(escalations(id)).as("one escalation, not one per dip").isEqualTo(1);
        assertThat(accountRepository.findByExternalId(id).orElseThrow().atRisk()).isTrue();

        assertThat(accounts.recordHealthScore(id, 56, Journeys.CRM)).as("recovered at 55").isEqualTo("watch");
        assertThat(accountRepository.findByExternalId(id).orElseThrow().atRisk()).isFalse();
        assertThat(accounts.recordHealthScore(id, 45, Journeys.CRM)).as("not at risk again above 40").isEqualTo("watch");
    }
}
