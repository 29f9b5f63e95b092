package io.touchline.journey;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.touchline.account.Tier;

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

    private final DecisionService decisions;

    TaskRouting(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** Who a human touch of the account goes to: a CSM's user id, or a group (pod, pool, managers). */
    public record Owner(String user, String group) {
        public String id() {
            return user != null ? user : group;
        }
    }

    public Owner ownerOf(io.touchline.account.Account account, String audience) {
        Route route = route(account.tier(), audience);
        return switch (route.target()) {
            case DEDICATED_CSM -> account.csm() != null ? new Owner(account.csm(), null) : new Owner(null, io.touchline.account.Viewer.CS_MANAGERS);
            case POD -> account.pod() != null ? new Owner(null, account.pod()) : new Owner(null, io.touchline.account.Viewer.CS_MANAGERS);
            case GROUP -> new Owner(null, route.group());
        };
    }

    public Route route(Tier tier, String audience) {
        var result = decisions.evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                .putValue("tier", tier.code())
                .putValue("audience", audience)).getSingleResult();
        if (result == null) {
            throw new IllegalStateException("task-routing.dmn has no rule for tier " + tier.code() + " and audience " + audience);
        }
        String assignTo = result.getEntry("assignTo");
        Target target = switch (assignTo) {
            case "dedicated-csm" -> Target.DEDICATED_CSM;
            case "pod" -> Target.POD;
            case "group" -> Target.GROUP;
            default -> throw new IllegalStateException("task-routing.dmn answered unknown assignTo '" + assignTo + "'");
        };
        return new Route(target, (String) result.getEntryMap().get("group"));
    }
}
