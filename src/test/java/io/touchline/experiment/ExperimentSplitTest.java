package io.touchline.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * An account's variant comes from the experiment and the account alone: the same every time it is asked (on any
 * node, after a restart, in a replay), and over 1,000 accounts the variants split as the allocation says, within
 * what chance allows (4 standard deviations of the binomial).
 */
class ExperimentSplitTest {

    private static Map<String, Integer> split(String key, List<Experiment.Variant> variants, int holdout) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 1; i <= 1_000; i++) {
            String account = String.format("CRM-%05d", i);
            String variant = Experiment.variantOf(key, account, variants, holdout);
            assertThat(Experiment.variantOf(key, account, variants, holdout)).as("asked again").isEqualTo(variant);
            counts.merge(variant, 1, Integer::sum);
        }
        return counts;
    }

    private static void within(int count, double share) {
        double expected = 1_000 * share;
        double sd = Math.sqrt(1_000 * share * (1 - share));
        assertThat((double) count).as("%d where %.0f expected", count, expected).isBetween(expected - 4 * sd, expected + 4 * sd);
    }

    @Test
    void variantsSplitAsTheAllocationSaysAndStayPut() {
        Map<String, Integer> even = split("tier-2-check-ins", List.of(new Experiment.Variant("monthly", "P1M", 1),
                new Experiment.Variant("every-2-weeks", "P14D", 1)), 0);
        within(even.get("monthly"), 0.5);
        within(even.get("every-2-weeks"), 0.5);

        Map<String, Integer> weighted = split("tier-3-reviews", List.of(new Experiment.Variant("video", "P3M", 1),
                new Experiment.Variant("report", "P3M", 2)), 10);
        within(weighted.get(Experiment.HOLDOUT), 0.10);
        within(weighted.get("video"), 0.30);
        within(weighted.get("report"), 0.60);

        Map<String, Integer> three = split("onboarding-emails", List.of(new Experiment.Variant("three", "P2D", 1),
                new Experiment.Variant("five", "P1D", 1), new Experiment.Variant("daily", "P1D", 1)), 0);
        three.values().forEach(count -> within(count, 1.0 / 3));
    }

    @Test
    void anotherExperimentSplitsTheSameAccountsIndependently() {
        List<Experiment.Variant> variants = List.of(new Experiment.Variant("a", "P1M", 1), new Experiment.Variant("b", "P14D", 1));
        int same = 0;
        for (int i = 1; i <= 1_000; i++) {
            String account = String.format("CRM-%05d", i);
            if (Experiment.variantOf("first", account, variants, 0).equals(Experiment.variantOf("second", account, variants, 0))) {
                same++;
            }
        }
        within(same, 0.5); // not the same halves every time
    }

    @Test
    void theRuleDoesNotChangeUnderRunningExperiments() {
        // fixed answers: a change to the rule would move accounts of running experiments to other variants
        List<Experiment.Variant> variants = List.of(new Experiment.Variant("monthly", "P1M", 1),
                new Experiment.Variant("every-2-weeks", "P14D", 1));
        assertThat(List.of("CRM-0001", "CRM-0002", "CRM-0003", "CRM-0004", "CRM-0005").stream()
                .map(a -> Experiment.variantOf("tier-2-check-ins", a, variants, 0)).toList())
                .containsExactly("every-2-weeks", "every-2-weeks", "every-2-weeks", "every-2-weeks", "monthly");
    }
}
