package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountRepository;
import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** renewal-countdown.bpmn, one test per path, with the real delegates, forms and GreenMail. */
class RenewalCountdownProcessTest extends ProcessTestBase {

    @Autowired
    RuntimeService runtime;
    @Autowired
    AccountService accounts;
    @Autowired
    AccountRepository accountRepository;

    /** An account whose only running process is a countdown started here (its journey is removed). */
    private ProcessInstance countdown(String externalId, long arr, String csm, String pod, int renewalInDays,
            String renewalTouch) {
        var enrolled = journeys.enrol(externalId, arr, false, false, daysFromNow(renewalInDays), daysFromNow(-200), csm, pod);
        runtime.deleteProcessInstance(enrolled.journey().orElseThrow().processInstanceId(), "countdown tested alone");
        var account = enrolled.account();
        return runtime.createProcessInstanceByKey(RenewalCountdownProcess.KEY).businessKey(externalId)
                .setVariables(Variables.createVariables()
                        .putValue("renewalDate", Schedule.atLocalMorning(account.renewalDate(), account.timeZone()))
                        .putValue("renewalTouch", renewalTouch))
                .execute();
    }

    @Test
    void humanCountdownRunsEveryStepAndTheCsmConfirmsTheRenewal() {
        String id = Journeys.newExternalId("CD-HUMAN");
        ProcessInstance pi = countdown(id, 150_000, "dana", null, 100, "human");
        assertThat(pi).isWaitingAt(RenewalCountdownProcess.TIMER_90_DAYS);

        journeys.advance(Duration.ofDays(10));
        assertThat(pi).hasPassed(RenewalCountdownProcess.SEND_VALUE_SUMMARY).isWaitingAt(RenewalCountdownProcess.TIMER_60_DAYS);
        assertThat(subjects()).hasSize(1);

        journeys.advance(Duration.ofDays(30));
        assertThat(pi).isWaitingAt(RenewalCountdownProcess.TASK_SCHEDULE_DISCUSSION);
        assertThat(task(pi)).isAssignedTo("dana");
        assertForm(task(pi), "renewal-discussion");
        journeys.completeAsHeld(task(pi), "dana");

        journeys.advance(Duration.ofDays(30));
        assertThat(task(pi)).hasDefinitionKey(RenewalCountdownProcess.TASK_PRESENT_PROPOSAL).isAssignedTo("dana");
        journeys.completeAsHeld(task(pi), "dana");

        journeys.advance(Duration.ofDays(16));
        assertThat(pi).hasPassed(RenewalCountdownProcess.SEND_RENEWAL_URGENCY);
        assertThat(subjects()).hasSize(2);

        journeys.advance(Duration.ofDays(7));
        assertThat(task(pi)).hasDefinitionKey(RenewalCountdownProcess.TASK_RENEWAL_ESCALATION).hasCandidateGroup("cs-managers");
        journeys.completeAsHeld(task(pi), "morgan");

        journeys.advance(Duration.ofDays(7));
        assertThat(task(pi)).hasDefinitionKey(RenewalCountdownProcess.TASK_CONFIRM_OUTCOME).isAssignedTo("dana");
        LocalDate next = Journeys.today().plusYears(1);
        journeys.complete(task(pi), "dana", Map.of("renewalOutcome", "renewed", "nextRenewalDate", next.toString()));

        assertThat(pi).isEnded().hasPassed(RenewalCountdownProcess.END_RENEWED)
                .variables().containsEntry("renewalOutcome", "renewed");
        assertThat(accountRepository.findByExternalId(id).orElseThrow().renewalDate()).isEqualTo(next);
    }

    /**
     * A step after a user task runs after a save point: when it fails (here the outcome came through
     * /engine-rest without the next renewal date), the CSM's Complete still succeeds, the step is
     * retried on the diagram's cycle (R3/PT10M), then shown in Cockpit as an incident naming the
     * account and the step; once the data is mended, a retry finishes the renewal.
     */
    @Test
    void aFailingStepAfterTheCsmsCompleteBecomesAnIncidentAndTheCompleteSucceeds() {
        String id = Journeys.newExternalId("CD-FAIL");
        ProcessInstance pi = countdown(id, 150_000, "dana", null, 3, "human");
        journeys.advance(Duration.ofDays(4));
        var confirm = taskQuery().processInstanceId(pi.getId())
                .taskDefinitionKey(RenewalCountdownProcess.TASK_CONFIRM_OUTCOME).singleResult();
        assertThat(confirm).isNotNull();

        engine.getTaskService().complete(confirm.getId(), Map.of("renewalOutcome", "renewed"));

        var management = engine.getManagementService();
        for (int attempt = 1; attempt <= 3; attempt++) {
            var job = management.createJobQuery().processInstanceId(pi.getId()).activityId("Service_RecordRenewal")
                    .singleResult();
            assertThat(job.getRetries()).isEqualTo(4 - attempt);
            assertThat(job.getDuedate()).isBeforeOrEqualTo(java.util.Date.from(Journeys.now()));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.executeJob(job.getId()))
                    .hasMessageContaining("did not give a next renewal date");
            ClockUtil.setCurrentTime(java.util.Date.from(Journeys.now().plus(Duration.ofMinutes(10))));
        }
        var incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
        assertThat(incident.getActivityId()).isEqualTo("Service_RecordRenewal");
        assertThat(incident.getIncidentMessage()).contains("did not give a next renewal date");
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(incident.getProcessInstanceId())
                .singleResult().getBusinessKey()).isEqualTo(id);

        // an operator mends the data and retries in Cockpit
        LocalDate next = Journeys.today().plusYears(1);
        runtime.setVariable(pi.getId(), "nextRenewalDate", next.toString());
        management.setJobRetries(incident.getConfiguration(), 1);
        journeys.executeDueJobs();
        assertThat(pi).isEnded().hasPassed(RenewalCountdownProcess.END_RENEWED);
        assertThat(accountRepository.findByExternalId(id).orElseThrow().renewalDate()).isEqualTo(next);
    }

    @Test
    void automatedCountdownSendsEmailsOnlyAndALostRenewalEndsNotRenewed() {
        String id = Journeys.newExternalId("CD-AUTO");
        ProcessInstance pi = countdown(id, 12_000, null, null, 95, "automated");
        journeys.advance(Duration.ofDays(100));
        assertThat(pi).hasPassed(RenewalCountdownProcess.SEND_VALUE_SUMMARY, "Send_RenewalReminder", "Send_RenewalOffer",
                RenewalCountdownProcess.SEND_RENEWAL_URGENCY, "Send_RenewalLastCall")
                .hasNotPassed(RenewalCountdownProcess.TASK_SCHEDULE_DISCUSSION, RenewalCountdownProcess.TASK_PRESENT_PROPOSAL,
                        RenewalCountdownProcess.TASK_RENEWAL_ESCALATION);
        assertThat(subjects()).hasSize(5);
        assertThat(task(pi)).hasDefinitionKey(RenewalCountdownProcess.TASK_CONFIRM_OUTCOME).hasCandidateGroup("scale-pool");
        journeys.complete(task(pi), "casey", Map.of("renewalOutcome", "churned"));
        assertThat(pi).isEnded().hasPassed(RenewalCountdownProcess.END_NOT_RENEWED);
    }

    @Test
    void signingEndsTheCountdownAtOnceAndNoLaterStepRuns() {
        String id = Journeys.newExternalId("CD-SIGNED");
        ProcessInstance pi = countdown(id, 60_000, null, "pod-atlas", 95, "human");
        journeys.advance(Duration.ofDays(66));
        assertThat(task(RenewalCountdownProcess.TASK_SCHEDULE_DISCUSSION, pi)).as("left open by the pod").isNotNull();
        assertThat(task(RenewalCountdownProcess.TASK_PRESENT_PROPOSAL, pi)).as("the calendar goes on regardless")
                .hasCandidateGroup("pod-atlas");

        accounts.renewalSigned(id, Journeys.today().plusYears(1), Journeys.CRM);

        assertThat(pi).isEnded().hasPassed(RenewalCountdownProcess.END_SIGNED_EARLY)
                .hasNotPassed(RenewalCountdownProcess.SEND_RENEWAL_URGENCY, RenewalCountdownProcess.TASK_RENEWAL_ESCALATION);
        assertThat(taskQuery().processInstanceBusinessKey(id).count()).as("open countdown tasks closed").isZero();
        int emails = subjects().size();
        journeys.advance(Duration.ofDays(40));
        assertThat(subjects()).hasSize(emails);
    }

    @ParameterizedTest(name = "{0} days out -> waits at {1}")
    @CsvSource({
            "120, Timer_Renewal90Days",
            "62, Timer_Renewal90Days",
            "60, Timer_Renewal60Days",
            "45, Timer_Renewal60Days",
            "20, Timer_Renewal30Days",
            "10, Timer_Renewal14Days",
            "5, Timer_Renewal7Days"})
    void joinsTheCountdownAtTheStepThatIsStillAhead(int daysOut, String waitingAt) {
        ProcessInstance pi = countdown(Journeys.newExternalId("CD-JOIN"), 12_000, null, null, daysOut, "automated");
        assertThat(pi).isWaitingAt(waitingAt);
        assertThat(subjects()).isEmpty();
    }
}
