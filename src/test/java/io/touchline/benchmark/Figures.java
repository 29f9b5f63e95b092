package io.touchline.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * The benchmark's table: per row the product's figure, the raw baseline's (where there is one) and
 * their ratio, each as the median of the repetitions with the range (min-max), and the target.
 * Ratios are taken per repetition (product and raw measured back to back), then summarised.
 */
final class Figures {

    /** How a row is judged: the ratio at least, or the product's figure at most / at least. */
    enum Goal { RATIO_AT_LEAST, AT_MOST, AT_LEAST }

    record Row(String database, String what, String unit, double[] product, double[] raw, Goal goal, double target,
            String note) {

        double[] ratios() {
            if (raw == null) {
                return null;
            }
            double[] r = new double[Math.min(product.length, raw.length)];
            for (int i = 0; i < r.length; i++) {
                r[i] = raw[i] == 0 ? Double.NaN : product[i] / raw[i];
            }
            return r;
        }

        boolean met() {
            DoublePredicate ok = switch (goal) {
                case RATIO_AT_LEAST -> v -> v >= target;
                case AT_MOST -> v -> v <= target;
                case AT_LEAST -> v -> v >= target;
            };
            return ok.test(median(goal == Goal.RATIO_AT_LEAST ? ratios() : product));
        }

        String targetText() {
            return switch (goal) {
                case RATIO_AT_LEAST -> ">= " + number(target) + "x";
                case AT_MOST -> "<= " + number(target) + " " + unit;
                case AT_LEAST -> ">= " + number(target) + " " + unit;
            };
        }
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The table as Markdown, for the log and for the README. */
    synchronized String table() {
        StringBuilder t = new StringBuilder();
        t.append("| database | what | Touchline | raw | Touchline / raw | target | met |\n");
        t.append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            t.append("| ").append(row.database()).append(" | ").append(row.what())
                    .append(row.note() == null ? "" : " (" + row.note() + ")").append(" | ")
                    .append(summary(row.product())).append(' ').append(row.unit()).append(" | ")
                    .append(row.raw() == null ? "-" : summary(row.raw()) + " " + row.unit()).append(" | ")
                    .append(row.raw() == null ? "-" : summary(row.ratios()) + "x").append(" | ")
                    .append(row.targetText()).append(" | ").append(row.met() ? "yes" : "**no**").append(" |\n");
        }
        return t.toString();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, table());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "median (min-max)", or the one figure. */
    static String summary(double[] values) {
        if (values.length == 1) {
            return number(values[0]);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return number(median(values)) + " (" + number(sorted[0]) + "-" + number(sorted[sorted.length - 1]) + ")";
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The p-th percentile (nearest rank) of latencies. */
    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
