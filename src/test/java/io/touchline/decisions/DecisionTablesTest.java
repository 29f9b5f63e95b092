package io.touchline.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One case per rule of each DMN table in processes/, read from the files CS Ops edit. */
class DecisionTablesTest {

    private static final DmnEngine DMN = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    private static DmnDecision decision(String file, String key) {
        try (InputStream in = new FileInputStream("processes/" + file)) {
            return DMN.parseDecision(key, in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DmnDecisionRuleResult evaluate(DmnDecision decision, Map<String, Object> variables) {
        var result = DMN.evaluateDecisionTable(decision, variables);
        assertThat(result).as("exactly one matching rule").hasSize(1);
        return result.getSingleResult();
    }

    @Nested
    class TierAssignment {
        private final DmnDecision table = decision("tier-assignment.dmn", "tier-assignment");

        @ParameterizedTest(name = "ARR {0}, strategic {1}, trial {2} -> {3}")
        @CsvSource({
                "10000, true, false, high-touch",     // flagged strategic, whatever the ARR
                "100000, false, false, high-touch",   // ARR >= $100K
                "250000, false, true, high-touch",    // a big trial is still strategic by ARR
                "30000, false, true, tech-touch",     // free or trial
                "4999, false, false, tech-touch",     // ARR < $5K
                "25000, false, false, medium-touch",  // $25K..$100K
                "99999, false, false, medium-touch",
                "5000, false, false, low-touch",      // everything else: < $25K
                "24999, false, false, low-touch"})
        void assignsTheTier(double arr, boolean strategic, boolean trial, String tier) {
            assertThat(evaluate(table, Map.of("arr", arr, "strategic", strategic, "trial", trial))
                    .<String>getEntry("tier")).isEqualTo(tier);
        }

        @ParameterizedTest(name = "industry {0}: the same tier as without one")
        @CsvSource({"Retail", "Financial services", "''"})
        void noRuleLooksAtTheIndustryYet(String industry) {
            var inputs = new java.util.HashMap<String, Object>(Map.of("arr", 50_000.0, "strategic", false, "trial", false));
            inputs.put("industry", industry.isEmpty() ? null : industry);
            assertThat(evaluate(table, inputs).<String>getEntry("tier")).isEqualTo("medium-touch");
        }
    }

    @Nested
    class ValueMonitoring {
        private final DmnDecision table = decision("value-monitoring.dmn", "value-monitoring");

        @ParameterizedTest(name = "{0}, change {1} -> reach out {2}: {3}")
        @CsvSource({
                "at-risk, -30, false, At risk: the escalation is under way",
                "healthy, -10, true, The health score fell 10 points or more this week",
                "healthy, -25, true, The health score fell 10 points or more this week",
                "watch, -12, true, The health score fell 10 points or more this week",
                "watch, -3, true, The health score is in the watch zone and falling",
                "watch, 0, false, No warning sign",
                "watch, , false, No warning sign",
                "healthy, -9, false, No warning sign",
                "healthy, , false, No warning sign",
                "healthy, 15, false, No warning sign"})
        void seesAWarningSign(String status, Integer change, boolean reachOut, String signal) {
            var inputs = new java.util.HashMap<String, Object>();
            inputs.put("healthStatus", status);
            inputs.put("healthChange", change);
            var result = DMN.evaluateDecisionTable(table, inputs);
            assertThat(result).isNotEmpty();
            assertThat(result.get(0).<Boolean>getEntry("reachOut")).isEqualTo(reachOut);
            assertThat(result.get(0).<String>getEntry("signal")).isEqualTo(signal);
        }
    }

    @Nested
    class BlackoutPeriods {
        private final DmnDecision table = decision("blackout-periods.dmn", "blackout-periods");

        @ParameterizedTest(name = "{0}-{1}-{2} {3} {4} -> {5}")
        @CsvSource({
                "2027, 1, 1, check-in, , New Year's Day",
                "2028, 12, 25, value-summary, Retail, Christmas holidays",
                "2027, 12, 8, business-review, , No business reviews in December",
                "2027, 10, 12, business-review, Retail, Retail's busy season (Q4)",
                "2027, 11, 30, business-review, Retail, Retail's busy season (Q4)",
                "2027, 3, 26, , , Good Friday",
                // free days: another industry's Q4, a retail check-in in Q4, a retail review in September
                "2027, 10, 12, business-review, Software, ",
                "2027, 10, 12, business-review, , ",
                "2027, 10, 12, check-in, Retail, ",
                "2027, 9, 30, business-review, Retail, "})
        void blacksOutTheDay(int year, int month, int day, String cadence, String industry, String reason) {
            var inputs = new java.util.HashMap<String, Object>(Map.of("year", year, "month", month, "day", day));
            inputs.put("cadence", cadence);
            inputs.put("industry", industry);
            var result = DMN.evaluateDecisionTable(table, inputs);
            assertThat(result.isEmpty() ? null : result.get(0).<String>getEntry("reason")).isEqualTo(reason);
        }
    }

    @Nested
    class TaskRouting {
        private final DmnDecision table = decision("task-routing.dmn", "task-routing");

        @ParameterizedTest(name = "{0} / {1} -> {2} {3}")
        @CsvSource({
                "high-touch, owner, dedicated-csm, ",
                "medium-touch, owner, pod, ",
                "low-touch, owner, group, scale-pool",
                "tech-touch, owner, group, scale-pool",
                "high-touch, manager, group, cs-managers",
                "tech-touch, manager, group, cs-managers"})
        void routesTheTask(String tier, String audience, String assignTo, String group) {
            for (String industry : new String[] {null, "Retail"}) {
                var inputs = new java.util.HashMap<String, Object>(Map.of("tier", tier, "audience", audience));
                inputs.put("industry", industry);
                var result = evaluate(table, inputs);
                assertThat(result.<String>getEntry("assignTo")).isEqualTo(assignTo);
                assertThat(result.getEntryMap().get("group")).isEqualTo(group);
            }
        }
    }

    @Nested
    class CadenceGuidelines {
        private final DmnDecision table = decision("cadence-guidelines.dmn", "cadence-guidelines");

        @ParameterizedTest(name = "{0} {1}: every {2} to {3}")
        @CsvSource({
                "high-touch, check-in, P7D, P1M", "high-touch, business-review, P1M, P3M",
                "medium-touch, check-in, P14D, P2M", "medium-touch, business-review, P3M, P12M",
                "medium-touch, value-summary, P1M, P3M", "low-touch, check-in, P1M, P6M",
                "low-touch, dashboard-digest, P1M, P3M", "tech-touch, product-tips, P14D, P3M"})
        void boundsTheRhythmACustomerMayAskFor(String tier, String cadence, String shortest, String longest) {
            var result = evaluate(table, Map.of("tier", tier, "cadence", cadence));
            assertThat(result.<String>getEntry("shortest")).isEqualTo(shortest);
            assertThat(result.<String>getEntry("longest")).isEqualTo(longest);
        }

        @Test
        void aCadenceWithoutARowCannotBeChanged() {
            assertThat(DMN.evaluateDecisionTable(table, Map.of("tier", "tech-touch", "cadence", "check-in"))).isEmpty();
            assertThat(DMN.evaluateDecisionTable(table, Map.of("tier", "tech-touch", "cadence", "webinar-invitation")))
                    .as("webinars follow their date (webinar-invitations.bpmn), not an account's rhythm").isEmpty();
        }
    }

    @Nested
    class EngagementRule {
        private final DmnDecision table = decision("engagement-rule.dmn", "engagement-rule");

        @ParameterizedTest(name = "stepped down {0}, {1} no-shows, {2} held in a row -> {3}")
        @CsvSource({"false, 2, 0, step-down", "false, 3, 0, step-down", "false, 1, 0, none", "false, 0, 5, none",
                "true, 0, 2, step-up", "true, 0, 1, none", "true, 4, 0, none"})
        void decidesTheCheckInRhythm(boolean steppedDown, int noShows, int held, String action) {
            assertThat(evaluate(table, Map.of("steppedDown", steppedDown, "noShowsInARow", noShows, "heldInARow", held))
                    .<String>getSingleEntry()).isEqualTo(action);
        }
    }

    @Nested
    class RhythmFeedback {
        private final DmnDecision table = decision("rhythm-feedback.dmn", "rhythm-feedback");

        @ParameterizedTest(name = "{0} -> check-in {1}")
        @CsvSource({"too-often, longest", "not-often-enough, shortest", "about-right, none"})
        void movesTheCheckInRhythmTheWayTheCustomerAsks(String says, String action) {
            Map<String, Object> entry = evaluate(table, Map.of("customerSays", says)).getEntryMap();
            assertThat(entry.get("cadence")).isEqualTo("check-in");
            assertThat(entry.get("action")).isEqualTo(action);
        }
    }

    @Nested
    class InboundResponseTime {
        private final DmnDecision table = decision("inbound-response-time.dmn", "inbound-response-time");

        @ParameterizedTest(name = "{0} -> answer within {1}")
        @CsvSource({"high-touch, PT2H", "medium-touch, PT24H", "low-touch, P2D", "tech-touch, P2D"})
        void keepsEachTiersPromise(String tier, String within) {
            assertThat(evaluate(table, Map.of("tier", tier)).<String>getSingleEntry()).isEqualTo(within);
        }
    }

    @Nested
    class CommunicationType {
        private final DmnDecision table = decision("communication-type.dmn", "communication-type");

        @ParameterizedTest(name = "{0} -> {1}, send on {2}")
        @CsvSource({"welcome-series, educational, ", "product-tips, educational, Wednesday",
                "webinar-invitation, training, ", "webinar-reminder, training, ",
                "upgrade-offer, promotional, ", "advocacy-ask, promotional, ", "renewal-reminder, account, ",
                "value-summary, account, ", "welcome, account, ", "feature-spotlight, educational, "})
        void givesEachTemplateItsTypeAndSendDay(String template, String type, String sendOn) {
            Map<String, Object> entry = evaluate(table, Map.of("template", template)).getEntryMap();
            assertThat(entry.get("communicationType")).isEqualTo(type);
            assertThat(entry.get("sendOn")).isEqualTo(sendOn);
        }
    }

    @Nested
    class NpsCategory {
        private final DmnDecision table = decision("nps-category.dmn", "nps-category");

        @ParameterizedTest(name = "NPS {0} -> {1}")
        @CsvSource({"0, detractor", "6, detractor", "7, passive", "8, passive", "9, promoter", "10, promoter"})
        void categorisesTheAnswer(int score, String category) {
            assertThat(evaluate(table, Map.of("npsScore", score)).<String>getSingleEntry()).isEqualTo(category);
        }
    }

    @Nested
    class HealthStatus {
        private final DmnDecision table = decision("health-status.dmn", "health-status");

        @ParameterizedTest(name = "score {0}, at risk now {1} -> {2}")
        @CsvSource({
                "0, false, at-risk", "39, false, at-risk",     // the at-risk threshold
                "40, false, watch", "59, false, watch",
                "60, false, healthy", "100, false, healthy",
                "45, true, at-risk", "54, true, at-risk",      // stays at risk until it recovers...
                "55, true, watch", "80, true, healthy"})       // ...to the recovery threshold
        void classifiesTheScoreWithHysteresis(int score, boolean atRisk, String status) {
            assertThat(evaluate(table, Map.of("healthScore", score, "atRisk", atRisk)).<String>getSingleEntry())
                    .isEqualTo(status);
        }

        @Test
        void anAccountWithoutScoreIsHealthy() {
            var variables = new java.util.HashMap<String, Object>();
            variables.put("healthScore", null);
            variables.put("atRisk", false);
            assertThat(evaluate(table, variables).<String>getSingleEntry()).isEqualTo("healthy");
        }
    }

    @Nested
    class ResultsTargets {
        private final DmnDecision table = decision("results-targets.dmn", "results-targets");

        @ParameterizedTest(name = "{0} {1}: at least {2}, goal {3}, judged from {4}")
        @CsvSource({
                "business-review-attendance, high-touch, 0.8, 0.8, 3",
                "business-review-attendance, medium-touch, 0.5, 0.5, 3",
                "call-attendance, low-touch, 0.6, 0.6, 5",
                "email-open-rate, tech-touch, 0.2, 0.25, 20",
                "email-click-rate, high-touch, 0.03, 0.03, 20",
                "webinar-registration, low-touch, 0.3, 0.3, 20",
                "webinar-attendance, low-touch, 0.5, 0.5, 10",
                "nps-comparison, medium-touch, , , 5"})
        void givesEachMeasureItsTargetAndHowManyItIsJudgedFrom(String measure, String tier, Double floor, Double goal,
                long minimum) {
            var result = evaluate(table, Map.of("measure", measure, "tier", tier));
            // an empty cell gives no entry: the NPS comparison has a minimum, no target
            assertThat(result.getEntryMap().get("floor")).isEqualTo(floor);
            assertThat(result.getEntryMap().get("goal")).isEqualTo(goal);
            assertThat(result.<Number>getEntry("minimum").longValue()).isEqualTo(minimum);
        }
    }
}
