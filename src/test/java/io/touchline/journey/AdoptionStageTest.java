package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * The adoption stage (months 3-12: "weekly or bi-weekly touches, training webinar invitations,
 * feature-spotlight emails, usage reports, monthly check-in calls"): every tier's journey sends a
 * feature spotlight every 2 weeks from the end of onboarding until the account has been a customer
 * for a year, on top of the tier's own rhythm; then only the tier's maintenance rhythm goes on.
 */
class AdoptionStageTest extends ProcessTestBase {

    @Autowired
    JdbcTemplate jdbc;

    /** The days (from the start of the test) on which the journey wrote a feature spotlight. */
    private List<Long> spotlightDays(String id, Instant start) {
        return jdbc.queryForList("select m.created_at from outbox_message m join account a on a.id = m.account_id "
                + "where a.external_id = ? and m.id like ? order by m.created_at", java.sql.Timestamp.class, id,
                "%/Send_FeatureSpotlight/%").stream()
                .map(t -> Duration.between(start, t.toInstant()).toDays()).toList();
    }

    private void live(int days, String id) {
        for (int day = 0; day < days; day++) {
            journeys.advance(Duration.ofDays(1));
            for (Task task : journeys.openTasksOfAccount(id)) {
                journeys.completeAsHeld(task, task.getAssignee() != null ? task.getAssignee() : "priya");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"high-touch, 150000, dana, ", "medium-touch, 60000, , pod-atlas", "low-touch, 10000, , ",
            "tech-touch, 1000, , "})
    void aSpotlightEveryTwoWeeksUntilTheFirstYearIsOver(String tier, long arr, String csm, String pod) {
        String id = Journeys.newExternalId("ADOPT");
        Instant start = Journeys.now();
        journeys.enrol(id, arr, false, false, daysFromNow(300), daysFromNow(-300), csm, pod); // 65 days of year one left
        live(85, id);

        List<Long> days = spotlightDays(id, start);
        assertThat(days).as("every 2 weeks while in the first year").hasSizeBetween(4, 5)
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(65));
        for (int i = 1; i < days.size(); i++) {
            assertThat(days.get(i) - days.get(i - 1)).isBetween(7L, 21L);
        }
    }

    @Test
    void aNewCustomerGetsSpotlightsOnceOnboardingIsDone_anAccountPastItsFirstYearNone() {
        String fresh = Journeys.newExternalId("ADOPT-NEW");
        String older = Journeys.newExternalId("ADOPT-OLD");
        Instant start = Journeys.now();
        journeys.enrol(fresh, 10_000, false, false, daysFromNow(360), Journeys.today(), null, null);
        journeys.enrol(older, 10_000, false, false, daysFromNow(300), daysFromNow(-400), null, null);
        live(115, fresh);

        assertThat(spotlightDays(fresh, start)).as("not during onboarding, then every 2 weeks").isNotEmpty()
                .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(90));
        assertThat(spotlightDays(older, start)).as("past its first year: the maintenance rhythm only").isEmpty();
    }
}
