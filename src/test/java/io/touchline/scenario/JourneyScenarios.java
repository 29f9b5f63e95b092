package io.touchline.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountRepository;
import io.touchline.account.AccountService;
import io.touchline.journey.JourneyPlan;
import io.touchline.messaging.InAppFeed;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.support.Scenario;
import io.touchline.support.Scenario.Event;

/**
 * One scenario per tier, end to end through the real entry point (the account service the REST API
 * uses): enrolment, onboarding, a growth quarter, the renewal countdown and a renewal, with the
 * engine clock moved day by day. Asserts, in order, the emails the customer received and the tasks
 * the CS team got (who, which form). Runs on H2 and, in a subclass, on PostgreSQL.
 */
abstract class JourneyScenarios extends ProcessTestBase {

    @Autowired
    TaskService tasks;
    @Autowired
    AccountService accounts;
    @Autowired
    AccountRepository accountRepository;
    @Autowired
    JourneyPlan plan;
    @Autowired
    InAppFeed inApp;


    private static Map<String, Object> renewedFor(LocalDate next) {
        return Map.of("renewalOutcome", "renewed", "nextRenewalDate", next.toString(), "notes", "Signed for another year");
    }

    /** Days between consecutive touches. */
    private static List<Integer> gaps(List<Integer> days) {
        return java.util.stream.IntStream.range(1, days.size()).mapToObj(i -> days.get(i) - days.get(i - 1)).toList();
    }

    /** The scenarios start on a Monday. */
    private static boolean weekday(int day) {
        return day % 7 < 5;
    }

    private static List<Integer> days(Scenario s, String step) {
        return s.of(step).stream().map(Event::day).toList();
    }

    @Test
    void highTouch_dedicatedCsmRunsOnboardingCadenceAndCountdown_signingEndsIt() throws Exception {
        String id = Journeys.newExternalId("SC-HIGH");
        journeys.enrol(id, 180_000, false, false, daysFromNow(365), Journeys.today(), "dana", null);
        Scenario s = new Scenario(journeys, tasks, MAIL, id, id.toLowerCase() + "@customer.example");

        s.live(340, Scenario::held);

        // onboarding, day by day, all for Dana, each with its form
        assertThat(s.events()).filteredOn(e -> e.day() <= 91).extracting(Event::toString).containsSubsequence(
                "day 1 email Send_Welcome -> Dana Whitfield",
                "day 3 task Task_KickoffCall -> dana [kickoff-call]",
                "day 7 task Task_WeekOneCheckIn -> dana [check-in-call]",
                "day 14 task Task_ImplementationCheckIn -> dana [check-in-call]",
                "day 28 task Task_MilestoneReview -> dana [milestone-review]",
                "day 42 task Task_CheckInDay42 -> dana [check-in-call]",
                "day 56 task Task_CheckInDay56 -> dana [check-in-call]",
                "day 60 email Send_FirstMonthRecap -> Dana Whitfield",
                "day 70 task Task_CheckInDay70 -> dana [check-in-call]",
                "day 84 task Task_CheckInDay84 -> dana [check-in-call]",
                "day 91 task Task_FirstQbr -> dana [business-review]"); // day 90 is a Sunday: on Monday
        // "bi-weekly check-ins throughout" onboarding: never more than 14 days without a human touch
        List<Integer> humanInOnboarding = s.events().stream().filter(e -> e.day() <= 91 && e.kind().equals("task"))
                .map(Event::day).toList();
        assertThat(humanInOnboarding.get(0)).isLessThanOrEqualTo(14);
        assertThat(gaps(humanInOnboarding)).allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(14));
        var welcome = s.of("Send_Welcome").get(0).email();
        assertThat(welcome.getReplyTo()[0].toString()).isEqualTo("dana@acme-cloud.example");
        // growth: a check-in every 2 weeks, a QBR each quarter followed by the value report
        // recurring touches come in the account's slot of each period (which slot depends on the
        // account, see SlotsTest): check-ins every 2 weeks, the first at least a week after onboarding
        List<Integer> checkIns = days(s, "Task_CheckInCall").stream().filter(d -> d < 340).toList();
        assertThat(checkIns.get(0)).isBetween(97, 110);
        assertThat(gaps(checkIns)).containsOnly(14);
        // a QBR in the account's slot of a calendar quarter, at least half a quarter after the first
        // (day 90), each followed the same day by the value report
        List<Integer> qbrs = days(s, "Task_Qbr");
        assertThat(qbrs).hasSizeBetween(2, 3).allSatisfy(d -> assertThat(weekday(d)).isTrue());
        assertThat(qbrs.get(0)).isBetween(90 + 45, 90 + 45 + 92);
        assertThat(gaps(qbrs)).allSatisfy(g -> assertThat(g).isBetween(45, 137));
        assertThat(days(s, "Send_ValueReport")).isEqualTo(qbrs);
        // the yearly in-person meeting, half a year before the renewal (day 365), for Dana
        assertThat(s.of("Task_InPersonMeeting")).extracting(Event::toString)
                .containsExactly("day 183 task Task_InPersonMeeting -> dana [business-review]");
        // the adoption stage: a feature spotlight every 2 weeks once onboarding is done, in the first year
        assertThat(days(s, "Send_FeatureSpotlight")).isNotEmpty().allSatisfy(d -> assertThat(d).isBetween(91, 365));
        // the countdown, relative to the renewal date (day 365)
        assertThat(s.steps()).containsSubsequence("Send_ValueSummary", "Task_ScheduleRenewalDiscussion",
                "Task_PresentRenewalProposal");
        assertThat(days(s, "Send_ValueSummary")).containsExactly(275);
        assertThat(days(s, "Task_ScheduleRenewalDiscussion")).containsExactly(305);
        assertThat(days(s, "Task_PresentRenewalProposal")).as("30 days before is a Sunday: the Friday before")
                .containsExactly(333);

        LocalDate nextRenewal = daysFromNow(365 + 25);
        accounts.renewalSigned(id, nextRenewal, Journeys.CRM);
        s.live(60, Scenario::held);

        assertThat(s.steps()).as("signed: no urgency, no escalation, no outcome task")
                .doesNotContain("Send_RenewalUrgency", "Task_RenewalEscalation", "Task_ConfirmRenewalOutcome");
        assertThat(days(s, "Task_CheckInCall")).as("the next term's cadence goes on").anyMatch(d -> d > 345);
        assertThat(plan.of(id)).anySatisfy(touch -> {
            assertThat(touch.touch()).isEqualTo("Send value summary");
            assertThat(LocalDate.ofInstant(touch.dueAt(), java.time.ZoneOffset.UTC)).isEqualTo(nextRenewal.minusDays(90));
        });
        assertThat(s.emails()).allSatisfy(e -> assertThat(e.who()).isEqualTo("Dana Whitfield"));
    }

    @Test
    void mediumTouch_podWorksTheTouches_unsignedRenewalEscalatesAndIsConfirmedByThePod() {
        String id = Journeys.newExternalId("SC-MED");
        journeys.enrol(id, 60_000, false, false, daysFromNow(365), Journeys.today(), null, "pod-atlas");
        Scenario s = new Scenario(journeys, tasks, MAIL, id, id.toLowerCase() + "@customer.example");
        LocalDate nextRenewal = daysFromNow(365 * 2);

        s.live(430, task -> task.getTaskDefinitionKey().equals("Task_ConfirmRenewalOutcome")
                ? renewedFor(nextRenewal) : Scenario.held(task));

        assertThat(s.events()).filteredOn(e -> e.day() <= 91).extracting(Event::toString).containsSubsequence(
                "day 1 email Send_OnboardingEmail -> The Acme Cloud Customer Success team",
                "day 14 task Task_CheckInCall -> group:pod-atlas [check-in-call]",
                "day 30 task Task_MilestoneCheckIn -> group:pod-atlas [milestone-review]",
                "day 91 email Send_UsageReport -> The Acme Cloud Customer Success team"); // day 90 is a Sunday
        // growth: calls and emails alternate monthly, a business review after 6 months
        assertThat(s.steps()).containsSubsequence("Task_MonthlyCheckInCall", "Send_CheckInEmail", "Task_MonthlyCheckInCall");
        assertThat(s.of("Task_BusinessReview")).isNotEmpty().allSatisfy(e -> assertThat(e.form()).isEqualTo("business-review"));
        // unsigned: every countdown step, the 7-day escalation to the CS managers, the pod confirms
        assertThat(s.events()).filteredOn(e -> e.day() > 300).extracting(Event::toString).containsSubsequence(
                "day 305 task Task_ScheduleRenewalDiscussion -> group:pod-atlas [renewal-discussion]",
                "day 333 task Task_PresentRenewalProposal -> group:pod-atlas [renewal-proposal]", // 335 is a Sunday
                "day 351 email Send_RenewalUrgency -> The Acme Cloud Customer Success team",
                "day 358 task Task_RenewalEscalation -> group:cs-managers [escalation]",
                "day 365 task Task_ConfirmRenewalOutcome -> group:pod-atlas [renewal-outcome]");
        assertThat(accountRepository.findByExternalId(id).orElseThrow().renewalDate()).isEqualTo(nextRenewal);
        assertThat(s.events()).as("the next term's cadence").anyMatch(e -> e.day() > 366
                && List.of("Task_MonthlyCheckInCall", "Send_CheckInEmail").contains(e.step()));
    }

    @Test
    void lowTouch_automatedWelcomeSeriesAndCountdown_scalePoolConfirmsTheRenewal() {
        String id = Journeys.newExternalId("SC-LOW");
        journeys.enrol(id, 12_000, false, false, daysFromNow(365), Journeys.today(), null, null);
        Scenario s = new Scenario(journeys, tasks, MAIL, id, id.toLowerCase() + "@customer.example");
        LocalDate nextRenewal = daysFromNow(365 * 2);

        s.live(430, task -> task.getTaskDefinitionKey().equals("Task_ConfirmRenewalOutcome")
                ? renewedFor(nextRenewal) : Scenario.held(task));

        // the enrolment day is a Monday: Saturday's and Sunday's emails wait for the send window on
        // Monday and go one a day (the frequency cap)
        assertThat(days(s, "Send_WelcomeDaily")).containsExactly(0, 1, 2, 3, 4, 7, 8);
        // day 14 has the weekly email and the check-in resources: whichever comes first goes that day,
        // the other the next day (one a day)
        List<Integer> weekly = days(s, "Send_WelcomeWeekly");
        List<Integer> resources = days(s, "Send_CheckInResources");
        assertThat(weekly.subList(1, weekly.size())).containsExactly(21, 28, 35, 42, 49, 56, 63, 70, 77, 84);
        assertThat(resources).hasSize(1);
        assertThat(List.of(weekly.get(0), resources.get(0))).containsExactlyInAnyOrder(14, 15);
        assertThat(s.of("Send_MilestoneCelebration")).as("in the app, not by email").isEmpty();
        assertThat(inApp.of(accountRepository.findByExternalId(id).orElseThrow().id(), false))
                .extracting(InAppFeed.Message::template).containsExactly("milestone-celebration");
        assertThat(s.of("Task_HealthReview")).as("healthy at day 90: no CSM needed").isEmpty();
        // the account's slot of each month and quarter, after onboarding
        List<Integer> digests = days(s, "Send_DashboardDigest").stream().filter(d -> d < 366).toList();
        assertThat(digests.get(0)).isBetween(90 + 15, 90 + 15 + 35);
        assertThat(gaps(digests)).allSatisfy(g -> assertThat(g).isBetween(25, 37));
        List<Integer> quarterly = days(s, "Send_QuarterlyCheckIn").stream().filter(d -> d < 366).toList();
        assertThat(quarterly).hasSizeBetween(2, 3);
        assertThat(gaps(quarterly)).allSatisfy(g -> assertThat(g).isBetween(45, 137));
        assertThat(s.events()).filteredOn(e -> e.day() > 270 && e.day() <= 366).extracting(Event::toString).containsSubsequence(
                "day 275 email Send_ValueSummary -> The Acme Cloud Customer Success team",
                "day 305 email Send_RenewalReminder -> The Acme Cloud Customer Success team",
                "day 333 email Send_RenewalOffer -> The Acme Cloud Customer Success team", // 335 is a Sunday: Friday
                "day 351 email Send_RenewalUrgency -> The Acme Cloud Customer Success team",
                "day 358 email Send_RenewalLastCall -> The Acme Cloud Customer Success team",
                "day 365 task Task_ConfirmRenewalOutcome -> group:scale-pool [renewal-outcome]");
        assertThat(s.tasks()).extracting(Event::step).containsOnly("Task_ConfirmRenewalOutcome");
        assertThat(accountRepository.findByExternalId(id).orElseThrow().renewalDate()).isEqualTo(nextRenewal);
        assertThat(s.events()).as("the next term's cadence").anyMatch(e -> e.day() > 366
                && e.step().equals("Send_DashboardDigest"));
    }

    @Test
    void techTouch_onlyAutomatedTouches_signingMidCountdownStopsTheRest() {
        String id = Journeys.newExternalId("SC-TECH");
        journeys.enrol(id, 2_000, false, false, daysFromNow(365), Journeys.today(), null, null);
        Scenario s = new Scenario(journeys, tasks, MAIL, id, id.toLowerCase() + "@customer.example");

        s.live(340, Scenario::held);
        accounts.renewalSigned(id, daysFromNow(365 + 30), Journeys.CRM);
        s.live(55, Scenario::held); // the next term's monthly tips come in their slot, on a Wednesday

        assertThat(s.events()).extracting(Event::toString).containsSubsequence(
                "day 0 email Send_Welcome -> The Acme Cloud Customer Success team",
                "day 7 email Send_Activation7 -> The Acme Cloud Customer Success team",
                "day 14 email Send_Activation14 -> The Acme Cloud Customer Success team",
                "day 30 email Send_Activation30 -> The Acme Cloud Customer Success team",
                // touches on a weekend move to a working day: day 90 (a Sunday) to Monday, the renewal
                // offer 30 days before the renewal (day 335, a Sunday) to the Friday before
                "day 91 email Send_NinetyDays -> The Acme Cloud Customer Success team",
                "day 275 email Send_ValueSummary -> The Acme Cloud Customer Success team",
                "day 305 email Send_RenewalReminder -> The Acme Cloud Customer Success team",
                "day 333 email Send_RenewalOffer -> The Acme Cloud Customer Success team");
        assertThat(days(s, "Send_ProductTips")).as("monthly tips in the account's slot after onboarding").first()
                .satisfies(d -> assertThat(d).isBetween(90 + 15, 90 + 15 + 37));
        assertThat(s.of("Send_ProductTips")).extracting(e -> Journeys.START.plus(Duration.ofDays(e.day()))
                .atZone(java.time.ZoneOffset.UTC).getDayOfWeek()).containsOnly(java.time.DayOfWeek.WEDNESDAY);
        assertThat(s.steps()).as("webinar invitations come with a scheduled webinar (webinar-invitations.bpmn), "
                + "not from the journey").doesNotContain("Send_WebinarInvitation");
        assertThat(inApp.of(accountRepository.findByExternalId(id).orElseThrow().id(), false))
                .as("feature discovery in the app").extracting(InAppFeed.Message::template)
                .containsExactly("feature-discovery");
        assertThat(s.tasks()).as("nobody is assigned anything in tech-touch").isEmpty();
        assertThat(s.steps()).doesNotContain("Send_RenewalUrgency", "Send_RenewalLastCall");
        assertThat(s.of("Send_ProductTips")).as("the next term's cadence").anyMatch(e -> e.day() > 340);
    }
}
