package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * Timers of a journey fall at 09:00 in the account's own time zone, on the right day, also when a
 * daylight-saving change lies between enrolment and the touch; the day is a working day.
 */
class LocalTimeOfTouchesTest extends ProcessTestBase {

    @Autowired
    AccountService accounts;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    Cadences cadences;

    private LocalDateTime dueLocal(String externalId, String timerId, ZoneId zone) {
        var instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(externalId).list();
        for (var instance : instances) {
            for (var job : management.createJobQuery().processInstanceId(instance.getId()).timers().list()) {
                var definition = management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult();
                if (definition.getActivityId().equals(timerId)) {
                    return LocalDateTime.ofInstant(job.getDuedate().toInstant(), zone);
                }
            }
        }
        throw new AssertionError("No timer " + timerId + " for " + externalId);
    }

    @ParameterizedTest(name = "{0}: renewal {1}, 90 days before at 09:00 local")
    @CsvSource({"Europe/Berlin, 2027-05-10", "America/New_York, 2027-05-10", "Australia/Sydney, 2027-06-30",
            "Asia/Tokyo, 2027-05-10"})
    void theRenewalCountdownStepsAreDueAt9InTheAccountsZoneAcrossDaylightSaving(String zone, LocalDate renewal) {
        String id = Journeys.newExternalId("TZ-RENEW");
        accounts.enrol(Journeys.request(id, 10_000, false, false, renewal, Journeys.today().minusDays(200), null, null,
                zone), Journeys.CRM);
        assertThat(dueLocal(id, RenewalCountdownProcess.TIMER_90_DAYS, ZoneId.of(zone)))
                .isEqualTo(renewal.minusDays(90).atTime(9, 0));
    }

    @ParameterizedTest(name = "{0}: day 90 of onboarding at 09:00 local, on the next working day")
    @CsvSource({"Europe/Berlin", "America/New_York", "America/Los_Angeles"})
    void onboardingDaysAreDueAt9LocalOnTheirDay(String zone) {
        // enrolled Monday 4 January 2027; day 90 (Sunday 4 April) lies after the March daylight-saving
        // change and on a weekend: the touch is on Monday 5 April
        String id = Journeys.newExternalId("TZ-DAY");
        accounts.enrol(Journeys.request(id, 10_000, false, false, Journeys.today().plusDays(365), null, null, null, zone),
                Journeys.CRM);
        LocalDate enrolledLocal = LocalDate.ofInstant(Journeys.now(), ZoneId.of(zone));
        journeys.advance(java.time.Duration.ofDays(31)); // past day 30: the journey now waits for day 90
        assertThat(enrolledLocal.plusDays(90).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(dueLocal(id, "Timer_Day90", ZoneId.of(zone))).isEqualTo(enrolledLocal.plusDays(91).atTime(9, 0));
    }

    @ParameterizedTest(name = "{0}: 90 days before a renewal on Saturday 8 May is Sunday 7 February: the Friday before")
    @CsvSource({"Asia/Tokyo", "America/Los_Angeles"})
    void aCountdownStepOnAWeekendComesOnTheWorkingDayBefore(String zone) {
        String id = Journeys.newExternalId("TZ-WEEKEND");
        accounts.enrol(Journeys.request(id, 10_000, false, false, LocalDate.of(2027, 5, 8), Journeys.today().minusDays(200),
                null, null, zone), Journeys.CRM);
        assertThat(dueLocal(id, RenewalCountdownProcess.TIMER_90_DAYS, ZoneId.of(zone)))
                .isEqualTo(LocalDateTime.of(2027, 2, 5, 9, 0));
    }

    @Test
    void aTouchOnABlackoutDayMovesToTheNextWorkingDay() {
        // Good Friday 2027 is a blackout in blackout-periods.dmn; the weekend follows
        assertThat(Schedule.after("2027-03-25", "P1D", ZoneOffset.UTC, cadences.blackouts(null)).toInstant())
                .isEqualTo(Instant.parse("2027-03-29T09:00:00Z"));
        // the day after Christmas (blackout 24-26 December) counted back: the 23rd
        assertThat(Schedule.before("2027-12-27", "P1D", ZoneOffset.UTC, cadences.blackouts(null)).toInstant())
                .isEqualTo(Instant.parse("2027-12-23T09:00:00Z"));
        assertThat(Schedule.on("2027-01-01", ZoneOffset.UTC, cadences.blackouts(null)).toInstant())
                .as("New Year's Day 2027 is a Friday").isEqualTo(Instant.parse("2027-01-04T09:00:00Z"));
    }
}
