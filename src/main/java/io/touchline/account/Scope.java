package io.touchline.account;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which accounts a viewer may see, as a rule on an account's owners and tier (the one rule: {@link
 * Account#visibleTo} and the read models' queries both use it). The whole book for those who
 * oversee it; else the accounts whose dedicated CSM the viewer is, those of the viewer's pods, and
 * for the scale pool's members the low- and tech-touch accounts.
 */
public record Scope(boolean wholeBook, String csm, Set<String> pods, Set<Tier> tiers) {

    public static Scope of(Viewer viewer) {
        if (viewer.seesWholeBook()) {
            return new Scope(true, null, Set.of(), Set.of());
        }
        Set<Tier> tiers = viewer.groups().contains(Viewer.SCALE_POOL) ? Set.of(Tier.LOW_TOUCH, Tier.TECH_TOUCH) : Set.of();
        return new Scope(false, viewer.userId(), new TreeSet<>(viewer.groups()), tiers);
    }

    /**
     * {@link #includes} as an SQL condition on the given columns ("" for the whole book), its
     * parameters added to {@code args}; {@code tierValue} writes a tier as the column keeps it.
     */
    public String sql(String csmColumn, String podColumn, String tierColumn,
            java.util.function.Function<Tier, String> tierValue, java.util.List<Object> args) {
        if (wholeBook) {
            return "";
        }
        java.util.List<String> any = new java.util.ArrayList<>();
        any.add(csmColumn + " = ?");
        args.add(csm);
        if (!pods.isEmpty()) {
            any.add(podColumn + " in (" + String.join(", ", java.util.Collections.nCopies(pods.size(), "?")) + ")");
            args.addAll(pods);
        }
        if (!tiers.isEmpty()) {
            any.add(tierColumn + " in (" + String.join(", ", java.util.Collections.nCopies(tiers.size(), "?")) + ")");
            tiers.stream().map(tierValue).forEach(args::add);
        }
        return " and (" + String.join(" or ", any) + ")";
    }

    public boolean includes(String accountCsm, String accountPod, Tier tier) {
        return wholeBook || (accountCsm != null && accountCsm.equals(csm)) || (accountPod != null && pods.contains(accountPod))
                || tiers.contains(tier);
    }
}
