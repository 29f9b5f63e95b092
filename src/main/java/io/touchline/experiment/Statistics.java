package io.touchline.experiment;

/**
 * The statistics of an experiment on a book of a few hundred accounts, where the normal approximations that
 * consumer tools use are off: rates with Wilson intervals, Fisher's exact test for the difference between two
 * variants, and the sample each variant needs to find a given difference with the continuity correction (Fleiss),
 * which is the sample the exact test needs.
 * <p>
 * Looking early must not make winners: an experiment gives no verdict until every variant has its declared
 * sample, and then it judges the first {@code sample} accounts of each variant (in the order they joined), so
 * looking again later, as often as a CS manager likes, gives the same verdict.
 */
public final class Statistics {

    /** Two-sided significance of a verdict. */
    public static final double ALPHA = 0.05;
    /** The chance to find a difference of the declared size. */
    public static final double POWER = 0.80;

    private Statistics() {
    }

    /** A rate with its 95% Wilson score interval. */
    public record Rate(long successes, long trials, double rate, double low, double high) {
    }

    public static Rate rate(long successes, long trials) {
        if (trials == 0) {
            return new Rate(0, 0, 0, 0, 1);
        }
        double z = quantile(1 - ALPHA / 2);
        double p = (double) successes / trials;
        double denominator = 1 + z * z / trials;
        double centre = (p + z * z / (2.0 * trials)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return new Rate(successes, trials, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Fisher's exact test, two-sided: the chance of a table at least as unlikely as {@code a/n1} against
     * {@code b/n2} when both variants have the same rate.
     */
    public static double fisherTwoSided(long a, long n1, long b, long n2) {
        long successes = a + b;
        long total = n1 + n2;
        long low = Math.max(0, successes - n2);
        long high = Math.min(successes, n1);
        double observed = logHypergeometric(a, n1, n2, successes, total);
        double p = 0;
        for (long x = low; x <= high; x++) {
            double l = logHypergeometric(x, n1, n2, successes, total);
            if (l <= observed + 1e-7) {
                p += Math.exp(l);
            }
        }
        return Math.min(1, p);
    }

    private static double logHypergeometric(long x, long n1, long n2, long successes, long total) {
        return logChoose(n1, x) + logChoose(n2, successes - x) - logChoose(total, successes);
    }

    private static double logChoose(long n, long k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static final double[] LOG_FACTORIALS = new double[20_001];

    static {
        for (int i = 1; i < LOG_FACTORIALS.length; i++) {
            LOG_FACTORIALS[i] = LOG_FACTORIALS[i - 1] + Math.log(i);
        }
    }

    private static double logFactorial(long n) {
        if (n < LOG_FACTORIALS.length) {
            return LOG_FACTORIALS[(int) n];
        }
        double x = n + 1.0; // Stirling's series for large n
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }

    /**
     * Accounts each variant needs to find a change of the rate from {@code baseline} to {@code expected} with
     * {@link #POWER} at {@link #ALPHA} (split over {@code comparisons} comparisons with the control), continuity
     * corrected as the exact test needs.
     */
    public static int sampleSize(double baseline, double expected, int comparisons) {
        if (!(baseline > 0 && baseline < 1 && expected > 0 && expected < 1) || baseline == expected) {
            throw new IllegalArgumentException("rates between 0 and 1 that differ, not " + baseline + " and " + expected);
        }
        double zAlpha = quantile(1 - ALPHA / (2.0 * Math.max(1, comparisons)));
        double zBeta = quantile(POWER);
        double mean = (baseline + expected) / 2;
        double delta = Math.abs(expected - baseline);
        double n = Math.pow(zAlpha * Math.sqrt(2 * mean * (1 - mean))
                + zBeta * Math.sqrt(baseline * (1 - baseline) + expected * (1 - expected)), 2) / (delta * delta);
        double corrected = n / 4 * Math.pow(1 + Math.sqrt(1 + 4 / (n * delta)), 2);
        return (int) Math.ceil(corrected);
    }

    /** The standard normal quantile (Acklam's rational approximation, good to about 1e-9). */
    static double quantile(double p) {
        if (p <= 0 || p >= 1) {
            throw new IllegalArgumentException("p in (0, 1), not " + p);
        }
        double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00 };
        double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01 };
        double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00 };
        double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -quantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /** A variant's outcomes in the order its accounts joined: true where the outcome happened. */
    public record Arm(String variant, boolean[] outcomes) {
    }

    /** Where an experiment stands, in words and figures. */
    public record Verdict(boolean decided, String winner, double pValue, String words) {
    }

    /**
     * The verdict on {@code arms} (the first is the control) for a declared {@code sample} per variant: none until
     * each variant has it; then each other variant against the control on its first {@code sample} accounts, by
     * Fisher's exact test at {@link #ALPHA} split over the comparisons.
     */
    public static Verdict verdict(java.util.List<Arm> arms, int sample) {
        int smallest = arms.stream().mapToInt(a -> a.outcomes().length).min().orElse(0);
        if (arms.size() < 2 || smallest < sample) {
            return new Verdict(false, null, Double.NaN, "no winner yet: " + Math.min(smallest, sample) + " of " + sample
                    + " accounts per variant");
        }
        Arm control = arms.get(0);
        long controlYes = count(control, sample);
        double alpha = ALPHA / (arms.size() - 1);
        String best = null;
        double bestP = 1;
        double bestRate = (double) controlYes / sample;
        double smallestP = 1;
        for (Arm arm : arms.subList(1, arms.size())) {
            long yes = count(arm, sample);
            double p = fisherTwoSided(controlYes, sample, yes, sample);
            smallestP = Math.min(smallestP, p);
            if (p < alpha && (double) yes / sample > bestRate) {
                best = arm.variant();
                bestP = p;
                bestRate = (double) yes / sample;
            } else if (p < alpha && best == null && (double) yes / sample < (double) controlYes / sample) {
                best = control.variant();
                bestP = p;
            }
        }
        if (best == null) {
            return new Verdict(true, null, smallestP, String.format(java.util.Locale.ENGLISH,
                    "no difference found on %d accounts per variant (p = %.3f): keep the control, or declare a larger sample",
                    sample, smallestP));
        }
        return new Verdict(true, best, bestP, String.format(java.util.Locale.ENGLISH,
                "'%s' wins on %d accounts per variant (p = %.3f)", best, sample, bestP));
    }

    private static long count(Arm arm, int first) {
        long yes = 0;
        for (int i = 0; i < first; i++) {
            if (arm.outcomes()[i]) {
                yes++;
            }
        }
        return yes;
    }
}
