package io.touchline.account;

import java.util.Set;

/** The logged-in person or system asking, with their Camunda groups. */
public record Viewer(String userId, Set<String> groups) {

    public static final String ADMINS = "camunda-admin";
    public static final String CS_OPS = "cs-ops";
    public static final String CS_MANAGERS = "cs-managers";
    public static final String INTEGRATIONS = "integrations";
    public static final String SCALE_POOL = "scale-pool";

    /** CS Ops, CS managers and connected systems see every account. */
    public boolean seesWholeBook() {
        return groups.contains(ADMINS) || groups.contains(CS_OPS) || groups.contains(CS_MANAGERS)
                || groups.contains(INTEGRATIONS);
    }

    /** CS Ops and CS managers: people who oversee the whole team's work (not systems). */
    public boolean leadsTheTeam() {
        return groups.contains(ADMINS) || groups.contains(CS_OPS) || groups.contains(CS_MANAGERS);
    }

    /** Only CS Ops and connected systems (CRM, billing) change the book of accounts. */
    public boolean maintainsBook() {
        return groups.contains(ADMINS) || groups.contains(CS_OPS) || groups.contains(INTEGRATIONS);
    }
}
