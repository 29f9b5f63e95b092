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

    public boolean includes(String accountCsm, String accountPod, Tier tier) {
        return wholeBook || (accountCsm != null && accountCsm.equals(csm)) || (accountPod != null && pods.contains(accountPod))
                || tiers.contains(tier);
    }
}
