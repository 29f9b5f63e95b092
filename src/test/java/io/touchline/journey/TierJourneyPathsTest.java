package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountChange;
import io.touchline.account.AccountRepository;
import io.touchline.account.AccountService;
import io.touchline.account.AccountStatus;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * The paths of the four tier journeys that the scenario tests do not walk: an established customer
 * skips onboarding, churn ends the journey at once, a lost renewal closes the account, a tier
 * change moves the account, and the low-touch health review.
 */
class TierJourneyPathsTest extends ProcessTestBase {

    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    AccountService accounts;
    @Autowired
    AccountRepository accountRepository;

    private ProcessInstance journey(String externalId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(externalId)
                .processDefinitionKey(accountRepository.findByExternalId(externalId).map(a -> JourneyProcess.keyOf(a.tier()))
                        .orElseThrow()).singleResult();
    }

    private ProcessInstance countdownOf(String externalId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(RenewalCountdownProcess.KEY)
                .processInstanceBusinessKey(externalId).singleResult();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"journey-high-touch, 150000, dana, ", "journey-medium-touch, 50000, , pod-atlas",
            "journey-low-touch, 10000, , ", "journey-tech-touch, 1000, , "})
    void anEstablishedCustomerSkipsOnboardingAndRunsTheTermWithTheCountdown(String key, long arr, String csm, String pod) {
        String id = Journeys.newExternalId("EST");
        journeys.enrol(id, arr, false, false, daysFromNow(200), daysFromNow(-120), csm, pod);
        ProcessInstance pi = journey(id);
        assertThat(pi.getProcessDefinitionId()).startsWith(key + ":");
        assertThat(pi).hasNotPassed(JourneyProcess.SUBPROCESS_ONBOARDING)
                .isWaitingAt(JourneyProcess.CALL_RENEWAL_COUNTDOWN);
        assertThat(countdownOf(id)).isWaitingAt(RenewalCountdownProcess.TIMER_90_DAYS);
        assertThat(subjects()).as("nothing is due on day 0 of an established term").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"journey-high-touch, 150000, dana, ", "journey-medium-touch, 50000, , pod-atlas",
            "journey-low-touch, 10000, , ", "journey-tech-touch, 1000, , "})
    void churnEndsTheJourneyWhereverItIsAndNothingMoreIsSent(String key, long arr, String csm, String pod) {
        String id = Journeys.newExternalId("CHURN");
        journeys.enrol(id, arr, false, false, daysFromNow(300), Journeys.today(), csm, pod);
        ProcessInstance pi = journey(id);
        journeys.advance(Duration.ofDays(20));
        int sent = subjects().size();

        accounts.churn(id, Journeys.CRM);

        assertThat(pi).isEnded().hasPassed(JourneyProcess.END_CHURNED_BY_EVENT);
        assertThat(journeys.openTasksOfAccount(id)).isEmpty();
        journeys.advance(Duration.ofDays(120));
        assertThat(subjects()).hasSize(sent);
        assertThat(accountRepository.findByExternalId(id).orElseThrow().status()).isEqualTo(AccountStatus.CHURNED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"journey-high-touch, 150000, dana, , dana", "journey-medium-touch, 50000, , pod-atlas, priya",
            "journey-low-touch, 10000, , , casey", "journey-tech-touch, 1000, , , casey"})
    void aLostRenewalClosesTheAccountAndEndsTheJourney(String key, long arr, String csm, String pod, String worker) {
        String id = Journeys.newExternalId("LOST");
        journeys.enrol(id, arr, false, false, daysFromNow(3), daysFromNow(-362), csm, pod);
        ProcessInstance pi = journey(id);
        journeys.advance(Duration.ofDays(3));
        var outcome = tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(RenewalCountdownProcess.TASK_CONFIRM_OUTCOME).singleResult();
        journeys.complete(outcome, worker, Map.of("renewalOutcome", "churned", "notes", "Moved to a competitor"));

        assertThat(pi).isEnded().hasPassed("Service_MarkChurned", JourneyProcess.END_CHURNED);
        assertThat(accountRepository.findByExternalId(id).orElseThrow().status()).isEqualTo(AccountStatus.CHURNED);
    }

    @Test
    void aTierChangeMovesTheAccountToTheNewTiersJourneyWithoutASecondOnboarding() {
        String id = Journeys.newExternalId("MOVE");
        var enrolled = accounts.enrol(Journeys.request(id, 12_000, false, false, daysFromNow(200), daysFromNow(-150),
                null, "pod-atlas"), Journeys.CRM);
        assertThat(enrolled.journey().orElseThrow().processDefinitionKey()).isEqualTo("journey-low-touch");

        var moved = accounts.change(id, new AccountChange(java.math.BigDecimal.valueOf(60_000), null, null), Journeys.CRM);

        assertThat(moved.account().tier().code()).isEqualTo("medium-touch");
        ProcessInstance pi = journey(id);
        assertThat(pi.getProcessDefinitionId()).startsWith("journey-medium-touch:");
        assertThat(pi).hasNotPassed(JourneyProcess.SUBPROCESS_ONBOARDING);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id)
                .processDefinitionKey("journey-low-touch").count()).isZero();
        // the medium-touch cadence's first monthly call, in the account's slot (within a month and a half)
        journeys.advanceUntil("the pod's monthly check-in call", () -> tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskCandidateGroup("pod-atlas").list().stream()
                .anyMatch(t -> t.getTaskDefinitionKey().equals("Task_MonthlyCheckInCall")), 46);
    }

    @Test
    void aTierChangeMidCountdownRepeatsNoStep_theNewOwnerGetsTheNextOne() {
        String id = Journeys.newExternalId("MOVE-CD");
        journeys.enrol(id, 60_000, false, false, daysFromNow(70), daysFromNow(-295), null, "pod-atlas");
        journeys.advance(Duration.ofDays(11)); // 59 days out: the pod got the renewal discussion
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(RenewalCountdownProcess.TASK_SCHEDULE_DISCUSSION).count()).isEqualTo(1);
        int emails = subjects().size();

        accounts.change(id, new AccountChange(java.math.BigDecimal.valueOf(150_000), null, null, "dana", null), Journeys.CRM);
        journeys.executeDueJobs();

        assertThat(countdownOf(id)).isWaitingAt(RenewalCountdownProcess.TIMER_30_DAYS);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(RenewalCountdownProcess.TASK_SCHEDULE_DISCUSSION).count())
                .as("the old journey's open task is closed, and the step is not repeated").isZero();
        assertThat(subjects()).as("no value summary again").hasSize(emails);
        journeys.advance(Duration.ofDays(30));
        var proposal = tasks.createTaskQuery().processInstanceBusinessKey(id)
                .taskDefinitionKey(RenewalCountdownProcess.TASK_PRESENT_PROPOSAL).singleResult();
        assertThat(proposal).isAssignedTo("dana");
    }

    @ParameterizedTest(name = "health score {0} is {1}: a health review for the scale pool")
    @CsvSource({"30, at-risk", "50, watch"})
    void lowTouchHealthReviewAtDay90PutsTheScalePoolOnAnAccountThatNeedsAttention(int score, String status) {
        String id = Journeys.newExternalId("HEALTH");
        journeys.enrol(id, 10_000, false, false, daysFromNow(365), Journeys.today(), null, null);
        journeys.advance(Duration.ofDays(80));
        accounts.recordHealthScore(id, score, Journeys.CRM);
        journeys.advance(Duration.ofDays(11)); // day 90 is Sunday 4 April: the review is on Monday
        var review = tasks.createTaskQuery().processInstanceBusinessKey(id).taskDefinitionKey("Task_HealthReview")
                .singleResult();
        assertThat(review).isNotNull();
        assertThat(runtime.getVariable(review.getExecutionId(), "healthStatus")).as("health-status.dmn's answer")
                .isEqualTo(status);
        assertThat(review).hasCandidateGroup("scale-pool");
        assertForm(review, "check-in-call");
    }

    @Test
    void lowTouchHealthyAccountAtDay90NeedsNoReview() {
        String id = Journeys.newExternalId("HEALTHY");
        journeys.enrol(id, 10_000, false, false, daysFromNow(365), Journeys.today(), null, null);
        journeys.advance(Duration.ofDays(80));
        accounts.recordHealthScore(id, 85, Journeys.CRM);
        journeys.advance(Duration.ofDays(11)); // day 90 is Sunday 4 April: the review is on Monday
        assertThat(journey(id)).hasPassed("Rule_AssessHealth").hasNotPassed("Task_HealthReview");
    }
    /** touch model 3: business reviews "yearly for smaller accounts that justify it" ($15K ARR in the low tier, in the diagram). */
    @ParameterizedTest(name = "low-touch at ${0}: {1} yearly review")
    @CsvSource({"20000, 1", "10000, 0"})
    void aSmallerAccountThatJustifiesItGetsAYearlyBusinessReviewHalfAYearBeforeRenewal(long arr, int reviews) {
        String id = Journeys.newExternalId("YEARLY");
        journeys.enrol(id, arr, false, false, daysFromNow(300), daysFromNow(-400), null, null);
        for (int day = 0; day < 130; day += 10) {
            journeys.advance(Duration.ofDays(10));
        }
        var review = tasks.createTaskQuery().processInstanceBusinessKey(id).taskDefinitionKey("Task_YearlyBusinessReview").list();
        assertThat(review).hasSize(reviews);
        if (reviews > 0) {
            assertThat(tasks.getIdentityLinksForTask(review.get(0).getId())).anyMatch(l -> "scale-pool".equals(l.getGroupId()));
            assertForm(review.get(0), "business-review");
            assertThat(review.get(0).getCreateTime().toInstant()).as("half a year before the renewal in 300 days")
                    .isAfterOrEqualTo(Journeys.START.plus(Duration.ofDays(115))).isBefore(Journeys.START.plus(Duration.ofDays(121)));
        }
    }
}
