package io.touchline.experiment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A cadence experiment: a tier's loop ({@code cadence}, as the diagram names it in {@code cadence.next}) runs at
 * each variant's period; the first variant is the control. {@code touch} is the form whose outcome decides it
 * ("attendance": the account's first such touch after it joined was held).
 */
public record Experiment(long id, String key, String name, String tier, String cadence, List<Variant> variants,
        int holdoutPercent, String outcome, String touch, double baselineRate, double expectedRate, int samplePerVariant,
        String state, String promotedVariant, String startedBy, Instant startedAt, String endedBy, Instant endedAt) {

    public static final String HOLDOUT = "holdout";
    public static final String RUNNING = "running";
    public static final String PROMOTED = "promoted";
    public static final String ENDED = "ended";
    public static final String ATTENDANCE = "attendance";

    /** A variant: its name, the period its accounts' loop waits, its share of the accounts that are not held out. */
    public record Variant(String name, String every, int weight) {
    }

    public static List<Variant> parseVariants(String lines) {
        List<Variant> variants = new ArrayList<>();
        for (String line : lines.split("\n")) {
            String[] parts = line.split("=");
            if (parts.length == 3) {
                variants.add(new Variant(parts[0], parts[1], Integer.parseInt(parts[2])));
            }
        }
        return variants;
    }

    public static String variantLines(List<Variant> variants) {
        StringBuilder lines = new StringBuilder();
        variants.forEach(v -> lines.append(v.name()).append('=').append(v.every()).append('=').append(v.weight()).append('\n'));
        return lines.toString();
    }

    /**
     * The account's variant: decided from the experiment's key and the account's id alone, so it is the same on every
     * node, after a restart, a tier change and in a what-if replay. {@link #HOLDOUT} for the held-out share.
     */
    public static String variantOf(String experimentKey, String externalId, List<Variant> variants, int holdoutPercent) {
        byte[] bytes = (experimentKey + "\u0000" + externalId).getBytes(StandardCharsets.UTF_8);
        long hash = java.util.UUID.nameUUIDFromBytes(bytes).getMostSignificantBits();
        double bucket = Math.floorMod(hash, 1_000_000L) / 1_000_000.0;
        double holdout = holdoutPercent / 100.0;
        if (bucket < holdout) {
            return HOLDOUT;
        }
        double position = (bucket - holdout) / (1 - holdout);
        int total = variants.stream().mapToInt(Variant::weight).sum();
        double cumulative = 0;
        for (Variant v : variants) {
            cumulative += (double) v.weight() / total;
            if (position < cumulative) {
                return v.name();
            }
        }
        return variants.get(variants.size() - 1).name();
    }

    public String variantOf(String externalId) {
        return variantOf(key, externalId, variants, holdoutPercent);
    }

    public Variant control() {
        return variants.get(0);
    }
}
