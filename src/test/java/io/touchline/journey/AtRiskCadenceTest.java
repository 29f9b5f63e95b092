package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountRepository;
import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * While an account is at risk its tier's cadence pauses (the at-risk intervention takes over); it
 * resumes once the score recovers above the recovery threshold, and a score hovering at the
 * at-risk line does not flap between the two.
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

    private long checkIns(String id) {
        return tasks.createTaskQuery().processInstanceBusinessKey(id).taskDefinitionKey("Task_CheckInCall").count();
    }

    private long escalations(String id) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count();
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

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"high-touch, 150000, dana, ", "medium-touch, 60000, , pod-atlas",
            "low-touch, 10000, , ", "tech-touch, 1000, , "})
    void everyTiersCadenceLoopsPauseWhileAtRisk(String tier, long arr, String csm, String pod) {
        String id = Journeys.newExternalId("PAUSE-ALL");
        journeys.enrol(id, arr, false, false, daysFromNow(330), daysFromNow(-150), csm, pod);
        accounts.recordHealthScore(id, 20, Journeys.CRM);
        for (int week = 0; week < 30; week++) {
            journeys.advance(Duration.ofDays(7)); // more than half a year: every loop of every tier came due
        }
        assertThat(subjects()).as("no cadence email while at risk").isEmpty();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id).list())
                .extracting(t -> t.getTaskDefinitionKey())
                .as("only the at-risk intervention and its escalation")
                .containsOnly(AtRiskEscalationProcess.TASK_INTERVENTION, AtRiskEscalationProcess.TASK_ESCALATION);
    }

    @Test
    void theCadencePausesWhileAtRiskAndResumesWhenTheScoreRecovers() {
        String id = Journeys.newExternalId("PAUSE");
        journeys.enrol(id, 150_000, false, false, daysFromNow(300), daysFromNow(-150), "dana", null);
        accounts.recordHealthScore(id, 25, Journeys.CRM);

        journeys.advance(Duration.ofDays(15));
        journeys.advance(Duration.ofDays(14));
        assertThat(checkIns(id)).as("no routine check-in while at risk").isZero();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_INTERVENTION).taskAssignee("dana").count())
                .as("the intervention instead").isEqualTo(1);

        accounts.recordHealthScore(id, 70, Journeys.CRM);
        // the loop waits for the account's next slot, 1 to 3 weeks after the check-in it skipped last
        // (day 29 at the latest): within 3 weeks it holds the next check-in, maybe the one after too
        journeys.advance(Duration.ofDays(21));
        assertThat(checkIns(id)).as("back to the tier's rhythm").isBetween(1L, 2L);
    }
}
