package io.touchline.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The statistics CS Ops read on the Experiments page: the exact test and intervals against published values, and
 * 1,000 simulated experiments each way, looked at after every 10 accounts as a CS manager would: with no true
 * difference a winner is declared in at most 5% of them; with the declared difference, the declared sample finds
 * it in at least 80%.
 */
class StatisticsTest {

    @Test
    void theExactTestAndTheIntervalsGiveThePublishedValues() {
        // Fisher's tea-tasting table: 3 of 4 against 1 of 4, two-sided p = 0.486
        assertThat(Statistics.fisherTwoSided(3, 4, 1, 4)).isCloseTo(0.4857, within(0.0005));
        // 1 of 10 against 9 of 10: p = 0.0011
        assertThat(Statistics.fisherTwoSided(1, 10, 9, 10)).isCloseTo(0.0011, within(0.0001));
        assertThat(Statistics.fisherTwoSided(5, 10, 5, 10)).isEqualTo(1.0, within(1e-9));
        // Wilson's interval for 8 of 10: 0.490 to 0.943
        Statistics.Rate rate = Statistics.rate(8, 10);
        assertThat(rate.low()).isCloseTo(0.4902, within(0.0005));
        assertThat(rate.high()).isCloseTo(0.9433, within(0.0005));
        assertThat(Statistics.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        // 30% -> 50%: 93 per variant by the normal approximation, 103 with the continuity correction
        assertThat(Statistics.sampleSize(0.30, 0.50, 1)).isEqualTo(103);
        assertThat(Statistics.sampleSize(0.30, 0.50, 2)).as("two comparisons with the control need more")
                .isGreaterThan(103);
    }

    @Test
    void noVerdictBeforeTheDeclaredSampleAndTheSameVerdictHoweverOftenOneLooks() {
        boolean[] control = new boolean[40];
        boolean[] treated = new boolean[30];
        for (int i = 0; i < 30; i++) {
            treated[i] = true;
        }
        Statistics.Verdict early = Statistics.verdict(List.of(new Statistics.Arm("monthly", control),
                new Statistics.Arm("every-2-weeks", treated)), 38);
        assertThat(early.decided()).isFalse();
        assertThat(early.words()).isEqualTo("no winner yet: 30 of 38 accounts per variant");
    }

    @Test
    void simulatedExperimentsKeepFalseWinnersUnderFivePercentAndFindTheDeclaredDifference() {
        double baseline = 0.30;
        double expected = 0.50;
        int sample = Statistics.sampleSize(baseline, expected, 1);
        double falseWinners = winnersIn(1_000, baseline, baseline, sample, new Random(20261202L));
        double found = winnersIn(1_000, baseline, expected, sample, new Random(4242L));
        System.out.printf("Experiments, %d accounts per variant (30%% -> 50%%), looked at every 10 accounts: "
                + "winners without a true difference %.1f%%, the declared difference found %.1f%%%n",
                sample, falseWinners * 100, found * 100);
        assertThat(falseWinners).as("false winners").isLessThanOrEqualTo(0.05);
        assertThat(found).as("power").isGreaterThanOrEqualTo(0.80);
    }

    /** The share of simulated experiments in which any look, after every 10 accounts, declared a winner. */
    private static double winnersIn(int experiments, double controlRate, double treatedRate, int sample, Random random) {
        int declared = 0;
        for (int e = 0; e < experiments; e++) {
            List<Boolean> control = new ArrayList<>();
            List<Boolean> treated = new ArrayList<>();
            boolean winner = false;
            for (int account = 1; control.size() < sample + 20 || treated.size() < sample + 20; account++) {
                if (random.nextBoolean()) {
                    control.add(random.nextDouble() < controlRate);
                } else {
                    treated.add(random.nextDouble() < treatedRate);
                }
                if (account % 10 == 0) {
                    Statistics.Verdict verdict = Statistics.verdict(List.of(new Statistics.Arm("control", array(control)),
                            new Statistics.Arm("treated", array(treated))), sample);
                    winner |= verdict.winner() != null && (controlRate == treatedRate || verdict.winner().equals("treated"));
                }
            }
            if (winner) {
                declared++;
            }
        }
        return (double) declared / experiments;
    }

    private static boolean[] array(List<Boolean> outcomes) {
        boolean[] array = new boolean[outcomes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = outcomes.get(i);
        }
        return array;
    }
}
