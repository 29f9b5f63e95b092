package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * Tier 1's weekly value monitoring, as the guides write it ("weekly value monitoring"; "proactive
 * monitoring with outreach before issues escalate"): every week the journey looks at the account's
 * health and its change over the week (value-monitoring.dmn), and when it sees a warning sign the
 * dedicated CSM gets "Reach out before it escalates", saying what was seen, before the account is
 * at risk. A steady account gets no extra task; an account at risk has its escalation instead.
 */
class ValueMonitoringTest extends ProcessTestBase {

    @Autowired
    AccountService accounts;
    @Autowired
    TaskService tasks;
    @Autowired
    FormService forms;
    @Autowired
    JdbcTemplate jdbc;

    private static final String OUTREACH = "Task_ValueOutreach";

    private List<Task> outreach(String id) {
        return journeys.openTasksOfAccount(id).stream().filter(t -> OUTREACH.equals(t.getTaskDefinitionKey())).toList();
    }

    /** A week of the CSM's work: every other open task of the account held. */
    private void week(String id) {
        journeys.advance(Duration.ofDays(7));
        for (Task task : journeys.openTasksOfAccount(id)) {
            if (!OUTREACH.equals(task.getTaskDefinitionKey())) {
                journeys.completeAsHeld(task, task.getAssignee() != null ? task.getAssignee() : "casey");
            }
        }
    }

    private String tier1(String prefix) {
        String id = Journeys.newExternalId(prefix);
        journeys.enrol(id, 200_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(400), "dana", null);
        accounts.recordHealthScore(id, 80, Journeys.CRM);
        return id;
    }

    @Test
    void aSharpFallBringsTheCsmToTheCustomerBeforeItIsAtRisk() {
        String steady = tier1("VM-STEADY");
        String falling = tier1("VM-FALL");
        for (int i = 0; i < 3; i++) {
            week(steady);
            week(falling);
        }
        assertThat(outreach(steady)).as("three quiet weeks: no extra task").isEmpty();
        assertThat(outreach(falling)).isEmpty();

        accounts.recordHealthScore(falling, 68, Journeys.CRM); // 12 points down on a week ago, still healthy
        journeys.advanceUntil("the weekly check sees the fall", () -> !outreach(falling).isEmpty(), 8);

        Task task = outreach(falling).get(0);
        assertForm(task, "value-outreach");
        assertThat(task.getAssignee()).isEqualTo("dana");
        assertThat(task.getName()).startsWith("Reach out before it escalates");
        assertThat(forms.getTaskFormVariables(task.getId()).getValue("valueSignal", String.class))
                .as("the form shows what the check saw").isEqualTo("The health score fell 10 points or more this week");
        assertThat(task.getDueDate()).isEqualTo(java.util.Date.from(task.getCreateTime().toInstant().plus(Duration.ofDays(2))));
        assertThat(outreach(steady)).isEmpty();
        long escalations = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(falling).count();
        assertThat(escalations).as("not at risk: no escalation, the outreach comes first").isZero();

        journeys.complete(task, "dana", java.util.Map.of("outcome", "held", "channel", "phone",
                "notes", "Their admin left; training the new one", "healthAssessment", "yellow"));
        assertThat(jdbc.queryForObject("""
                select t.title from touchpoint t join account a on a.id = t.account_id
                where a.external_id = ? and t.kind = 'value-outreach'""", String.class, falling))
                .isEqualTo("Reach out before it escalates");

        // the score holds at 68 from then on: the next weeks see no fall, and no new task comes
        for (int i = 0; i < 3; i++) {
            week(falling);
        }
        assertThat(outreach(falling)).isEmpty();
    }

    @Test
    void inTheWatchZoneAFallOfAFewPointsIsEnough() {
        String id = tier1("VM-WATCH");
        accounts.recordHealthScore(id, 52, Journeys.CRM); // watch (health-status.dmn), not at risk
        for (int i = 0; i < 2; i++) {
            week(id);
        }
        assertThat(outreach(id)).as("52 was given the day 80 was: no week of change to see").isEmpty();
        assertThat(outreach(id)).as("steady in the watch zone: no new task").isEmpty();

        accounts.recordHealthScore(id, 48, Journeys.CRM); // four points down, in the watch zone
        journeys.advanceUntil("the weekly check sees the watch zone falling", () -> !outreach(id).isEmpty(), 8);
        assertThat(forms.getTaskFormVariables(outreach(id).get(0).getId()).getValue("valueSignal", String.class))
                .isEqualTo("The health score is in the watch zone and falling");
    }

    @Test
    void atRiskTheEscalationTakesOverInsteadOfTheWeeklyOutreach() {
        String id = tier1("VM-RISK");
        for (int i = 0; i < 2; i++) {
            week(id);
        }
        accounts.recordHealthScore(id, 30, Journeys.CRM); // 50 points down: at risk at once
        for (int i = 0; i < 2; i++) {
            journeys.advance(Duration.ofDays(7));
        }
        assertThat(outreach(id)).isEmpty();
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .processInstanceBusinessKey(id).count()).isEqualTo(1);
    }
}
