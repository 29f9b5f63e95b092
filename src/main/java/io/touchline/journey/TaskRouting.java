package io.touchline.journey;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.touchline.account.Tier;
import io.touchline.model.DecisionTables;

/** Backing class of processes/task-routing.dmn: who gets a human task of a journey. */
@Component
public class TaskRouting {

    public static final String DECISION_KEY = "task-routing";
    /** The audience of the account's own touches; "manager" is the other one. */
    public static final String AUDIENCE_OWNER = "owner";

    /** assignTo values of the table. */
    public enum Target { DEDICATED_CSM, POD, GROUP }

    public record Route(Target target, String group) {
    }

    private final DecisionTables decisions;

    TaskRouting(DecisionTables decisions) {
        this.decisions = decisions;
    }

    /** Who a human touch of the account goes to: a CSM's user id, or a group (pod, pool, managers). */
    public record Owner(String user, String group) {
        public String id() {
            return user != null ? user : group;
        }
    }

    public Owner ownerOf(io.touchline.account.Account account, String audience) {
        Route route = route(account.tier(), audience, account.industry());
        return switch (route.target()) {
            case DEDICATED_CSM -> account.csm() != null ? new Owner(account.csm(), null) : new Owner(null, io.touchline.account.Viewer.CS_MANAGERS);
            case POD -> account.pod() != null ? new Owner(null, account.pod()) : new Owner(null, io.touchline.account.Viewer.CS_MANAGERS);
            case GROUP -> new Owner(null, route.group());
        };
    }

    /** The route of a tier's touches for an audience; {@code industry} is null when not known. */
    public Route route(Tier tier, String audience, String industry) {
        Map<String, Object> inputs = new java.util.HashMap<>();
        inputs.put("tier", tier.code());
        inputs.put("audience", audience);
        inputs.put("industry", industry);
        var result = decisions.single(DECISION_KEY, inputs)
                .orElseThrow(() -> new IllegalStateException("task-routing.dmn has no rule for tier " + tier.code()
                        + " and audience " + audience));
        String assignTo = (String) result.get("assignTo");
        Target target = switch (assignTo) {
            case "dedicated-csm" -> Target.DEDICATED_CSM;
            case "pod" -> Target.POD;
            case "group" -> Target.GROUP;
            default -> throw new IllegalStateException("task-routing.dmn answered unknown assignTo '" + assignTo + "'");
        };
        return new Route(target, (String) result.get("group"));
    }
}
