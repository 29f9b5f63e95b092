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

    @Test
    void repeatedNoShowsStepTheCheckInsDownAndEagerEngagementStepsThemBackUp() {
        String id = Journeys.newExternalId("NOSHOW");
        journeys.enrol(id, 150_000, false, false, daysFromNow(300), daysFromNow(-150), "dana", null);

        journeys.advance(Duration.ofDays(14));
        complete(id, "no-show");
        journeys.advance(Duration.ofDays(14));
        complete(id, "no-show"); // two in a row: every month now (cadence-guidelines.dmn: high-touch check-ins up to P1M)

        var account = accounts.findByExternalId(id).orElseThrow();
        assertThat(timeline.of(account)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("cadence-change");
            assertThat(e.title()).contains("stepped down to every P1M");
        });
        journeys.advance(Duration.ofDays(14));
        assertThat(nextCheckIn(id)).as("not after 2 weeks").isNull();
        journeys.advance(Duration.ofDays(17));
        assertThat(nextCheckIn(id)).as("a month later").isNotNull();

        complete(id, "held");
        journeys.advance(Duration.ofDays(31));
        complete(id, "held"); // engages again: back to every 2 weeks
        assertThat(timeline.of(account)).anySatisfy(e -> assertThat(e.title()).contains("back to the tier's default"));
        journeys.advance(Duration.ofDays(14));
        assertThat(nextCheckIn(id)).as("every 2 weeks again").isNotNull();
    }
}
