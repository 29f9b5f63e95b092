package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;

import java.time.Duration;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** at-risk-escalation.bpmn: started by a health score under the threshold, for any tier. */
class AtRiskEscalationProcessTest extends ProcessTestBase {

    @Autowired
    AccountService accounts;
    @Autowired
    RuntimeService runtime;

    private ProcessInstance escalation(String externalId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(externalId).singleResult();
    }

    private Task intervention(String externalId) {
        return taskQuery().processInstanceBusinessKey(externalId)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_INTERVENTION).singleResult();
    }

    @ParameterizedTest(name = "{0}: intervention for {1} {2}")
    @CsvSource({
            "150000, dana, , assignee, dana",
            "50000, , pod-atlas, group, pod-atlas",
            "10000, , , group, scale-pool",
            "1000, , , group, scale-pool"})
    void aScoreBelowTheThresholdPutsAnInterventionOnTheAccountsOwner(long arr, String csm, String pod, String kind,
            String owner) {
        String id = Journeys.newExternalId("RISK");
        journeys.enrol(id, arr, false, false, daysFromNow(200), daysFromNow(-150), csm, pod);

        assertThat(accounts.recordHealthScore(id, 35, Journeys.CRM)).isEqualTo("at-risk");

        Task task = intervention(id);
        assertThat(task).isNotNull();
        if (kind.equals("assignee")) {
            assertThat(task).isAssignedTo(owner);
        } else {
            assertThat(task).hasCandidateGroup(owner);
        }
        assertForm(task, "at-risk-intervention");
        assertThat(task).hasDueDate(java.util.Date.from(Journeys.now().plus(Duration.ofDays(3))));
    }

    @Test
    void aHighTouchInterventionDoneInTimeEndsWithoutEscalationAsItsBiWeeklyCheckInsGoOn() {
        String id = Journeys.newExternalId("RISK-OK");
        journeys.enrol(id, 150_000, false, false, daysFromNow(200), daysFromNow(-150), "dana", null);
        accounts.recordHealthScore(id, 20, Journeys.CRM);
        ProcessInstance pi = escalation(id);

        journeys.advance(Duration.ofDays(2));
        journeys.completeAsHeld(intervention(id), "dana");

        assertThat(pi).isEnded().hasPassed(AtRiskEscalationProcess.END_INTERVENED)
                .hasNotPassed(AtRiskEscalationProcess.TASK_ESCALATION);
    }

    @Test
    void overdueInterventionEscalatesToTheCsManager() {
        String id = Journeys.newExternalId("RISK-LATE");
        journeys.enrol(id, 2_000, false, false, daysFromNow(200), daysFromNow(-150), null, null);
        accounts.recordHealthScore(id, 10, Journeys.CRM);
        ProcessInstance pi = escalation(id);

        journeys.advance(Duration.ofDays(3).plusHours(1));

        Task escalation = taskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(AtRiskEscalationProcess.TASK_ESCALATION).singleResult();
        assertThat(escalation).hasCandidateGroup("cs-managers");
        assertForm(escalation, "escalation");
        assertThat(intervention(id)).as("the CSM's intervention stays open").isNotNull();

        journeys.completeAsHeld(escalation, "morgan");
        journeys.completeAsHeld(intervention(id), "casey");
        assertThat(pi).as("a tech-touch account then gets weekly recovery check-ins")
                .isWaitingAt("Timer_RecoveryWeekLater");

        accounts.recordHealthScore(id, 80, Journeys.CRM);
        assertThat(pi).isEnded().hasPassed(AtRiskEscalationProcess.END_BACK_TO_RHYTHM);
    }

    /** A CSM's 3 days end on a working day: an intervention raised on a Thursday is due Monday, and escalates Monday. */
    @Test
    void anInterventionRaisedOnAThursdayIsDueAndEscalatedOnMondayNotOnTheWeekend() {
        org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(Journeys.now().plus(Duration.ofDays(3))));
        assertThat(Journeys.today().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.THURSDAY);
        String id = Journeys.newExternalId("RISK-THU");
        journeys.enrol(id, 2_000, false, false, daysFromNow(200), daysFromNow(-150), null, null);
        accounts.recordHealthScore(id, 10, Journeys.CRM);
        java.time.Instant monday = Journeys.now().plus(Duration.ofDays(4));
        assertThat(intervention(id)).hasDueDate(java.util.Date.from(monday));

        journeys.advance(Duration.ofDays(3).plusHours(1)); // Sunday
        assertThat(taskQuery().processInstanceBusinessKey(id).taskDefinitionKey(AtRiskEscalationProcess.TASK_ESCALATION)
                .count()).as("no escalation on the weekend").isZero();
        journeys.advance(Duration.ofDays(1)); // Monday, past the due time
        assertThat(taskQuery().processInstanceBusinessKey(id).taskDefinitionKey(AtRiskEscalationProcess.TASK_ESCALATION)
                .count()).isEqualTo(1);
    }

    @Test
    void aSecondLowScoreDoesNotStartASecondEscalation() {
        String id = Journeys.newExternalId("RISK-TWICE");
        journeys.enrol(id, 10_000, false, false, daysFromNow(200), daysFromNow(-150), null, null);
        accounts.recordHealthScore(id, 30, Journeys.CRM);
        accounts.recordHealthScore(id, 25, Journeys.CRM);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).isEqualTo(1);
    }

    @Test
    void aHealthyScoreStartsNothing() {
        String id = Journeys.newExternalId("RISK-NONE");
        journeys.enrol(id, 10_000, false, false, daysFromNow(200), daysFromNow(-150), null, null);
        assertThat(accounts.recordHealthScore(id, 75, Journeys.CRM)).isEqualTo("healthy");
        assertThat(escalation(id)).isNull();
    }
}
