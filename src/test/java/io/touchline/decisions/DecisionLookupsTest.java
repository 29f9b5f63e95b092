package io.touchline.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.model.DecisionTables;
import io.touchline.support.TouchlineTest;

/**
 * Touchline's lookups of the decision tables (the engine's DMN engine with each FEEL cell parsed
 * once, answers remembered per table version and inputs) answer exactly what Camunda's own DMN
 * engine answers for the same files, for every combination of inputs the tables distinguish,
 * missing inputs included, and asked twice.
 */
@TouchlineTest
class DecisionLookupsTest {

    private static final DmnEngine PLAIN = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    @Autowired
    DecisionTables tables;

    @Test
    void everyTableAnswersAsCamundasOwnEngine() {
        List<Object> arrs = new ArrayList<>();
        for (double arr : new double[] {0, 4_999.99, 5_000, 24_999, 25_000, 99_999.5, 100_000, 450_000}) {
            arrs.add(arr);
        }
        List<Object> industries = new ArrayList<>(List.of("Retail", "Software"));
        industries.add(null);
        assertSame("tier-assignment.dmn", "tier-assignment", grid(Map.of("arr", arrs, "strategic", List.of(true, false),
                "trial", List.of(true, false), "industry", industries)));
        assertSame("task-routing.dmn", "task-routing", grid(Map.of(
                "tier", List.of("high-touch", "medium-touch", "low-touch", "tech-touch"), "audience", List.of("owner", "manager"),
                "industry", industries)));
        List<Object> scores = new ArrayList<>(List.of(0, 39, 40, 54, 55, 59, 60, 100));
        scores.add(null);
        assertSame("health-status.dmn", "health-status", grid(Map.of("healthScore", scores, "atRisk", List.of(true, false))));
        assertSame("communication-type.dmn", "communication-type", grid(Map.of("template", List.of("product-tips",
                "welcome-series", "webinar-reminder", "upgrade-offer", "value-summary", "renewal-reminder"))));
        List<Object> cadences = new ArrayList<>(List.of("business-review", "check-in"));
        cadences.add(null);
        assertSame("blackout-periods.dmn", "blackout-periods", grid(Map.of("year", List.of(2026, 2027), "month",
                List.of(1, 3, 10, 12), "day", List.of(1, 2, 24, 26, 27), "cadence", cadences, "industry", industries)));
        assertSame("cadence-guidelines.dmn", "cadence-guidelines", grid(Map.of("tier", List.of("high-touch", "medium-touch",
                "low-touch", "tech-touch"), "cadence", List.of("check-in", "business-review", "value-summary", "product-tips"))));
        assertSame("engagement-rule.dmn", "engagement-rule", grid(Map.of("steppedDown", List.of(true, false),
                "noShowsInARow", List.of(0, 1, 2, 3), "heldInARow", List.of(0, 1, 2, 3))));
        assertSame("nps-category.dmn", "nps-category", grid(Map.of("npsScore", List.of(0, 6, 7, 8, 9, 10))));
    }

    private void assertSame(String file, String key, List<Map<String, Object>> questions) {
        DmnDecision decision;
        try (InputStream in = new FileInputStream("processes/" + file)) {
            decision = PLAIN.parseDecision(key, in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Map<String, Object> question : questions) {
                List<Map<String, Object>> expected = new ArrayList<>();
                PLAIN.evaluateDecisionTable(decision, new HashMap<>(question)).forEach(r -> expected.add(r.getEntryMap()));
                assertThat(tables.evaluate(key, question)).as(file + " for " + question).isEqualTo(expected);
            }
        }
    }

    /** Every combination of the values. */
    private static List<Map<String, Object>> grid(Map<String, List<Object>> values) {
        List<Map<String, Object>> grid = new ArrayList<>(List.of(new HashMap<>()));
        values.forEach((name, options) -> {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : grid) {
                for (Object option : options) {
                    Map<String, Object> extended = new HashMap<>(partial);
                    extended.put(name, option);
                    next.add(extended);
                }
            }
            grid.clear();
            grid.addAll(next);
        });
        return grid;
    }
}
