package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountRepository;
import io.touchline.support.Journeys;
import io.touchline.touchpoint.Timeline;

/**
 * Two no-shows in a row step the check-in rhythm down to the longest period the tier allows (on the
 * timeline); two held calls after that bring it back to the tier's rhythm (engagement-rule.dmn).
 */
class EngagementTest extends io.touchline.support.ProcessTestBase {

    @Autowired
    TaskService tasks;
    @Autowired
    Timeline timeline;
    @Autowired
    AccountRepository accounts;

    private Task nextCheckIn(String id) {
        return tasks.createTaskQuery().processInstanceBusinessKey(id).taskDefinitionKey("Task_CheckInCall").singleResult();
    }

    private void complete(String id, String outcome) {
        journeys.complete(nextCheckIn(id), "dana", Map.of("outcome", outcome, "channel", "video-call",
                "healthAssessment", "yellow"));
    }

    /** Days until the next check-in call is there (each comes in the account's slot of its rhythm). */
    private int daysToNextCheckIn(String id) {
        return journeys.advanceUntil("the next check-in", () -> nextCheckIn(id) != null, 50);
    }

    @Test
    void repeatedNoShowsStepTheCheckInsDownAndEagerEngagementStepsThemBackUp() {
        String id = Journeys.newExternalId("NOSHOW");
        journeys.enrol(id, 150_000, false, false, daysFromNow(300), daysFromNow(-150), "dana", null);

        daysToNextCheckIn(id);
        complete(id, "no-show");
        assertThat(daysToNextCheckIn(id)).as("every 2 weeks").isEqualTo(14);
        complete(id, "no-show"); // two in a row: every month now (cadence-guidelines.dmn: high-touch check-ins up to P1M)

        var account = accounts.findByExternalId(id).orElseThrow();
        assertThat(timeline.of(account)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("cadence-change");
            assertThat(e.title()).contains("stepped down to every P1M");
        });
        assertThat(daysToNextCheckIn(id)).as("the account's slot of a monthly rhythm: half a month on or later")
                .isBetween(15, 46);
        complete(id, "held");
        assertThat(daysToNextCheckIn(id)).as("a month").isBetween(26, 35);
        complete(id, "held"); // engages again: back to every 2 weeks
        assertThat(timeline.of(account)).anySatisfy(e -> assertThat(e.title()).contains("back to the tier's default"));
        assertThat(daysToNextCheckIn(id)).as("a week on or later, in its 2-week slot").isBetween(7, 21);
        complete(id, "held");
        assertThat(daysToNextCheckIn(id)).as("every 2 weeks again").isEqualTo(14);
    }
}
