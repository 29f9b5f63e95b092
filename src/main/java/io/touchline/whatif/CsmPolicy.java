package io.touchline.whatif;

import java.time.LocalDate;
import java.util.Map;

/**
 * How the replay's CSMs work a touch, on the day it appears: the call is held and the account is
 * healthy; a renewal whose date has come is renewed for another year. (A what-if of the model, not
 * of the customers: no no-shows, no churn.)
 */
public final class CsmPolicy {

    public static final String RENEWAL_OUTCOME = "renewal-outcome";

    private static final Map<String, Object> HELD = Map.of("outcome", "held", "channel", "video-call",
            "notes", "What-if replay", "nextSteps", "Follow up", "healthAssessment", "green");

    private CsmPolicy() {
    }

    /** The form values a touch of this kind (its form) is completed with. */
    public static Map<String, Object> formValues(String kind, LocalDate renewalDate) {
        if (RENEWAL_OUTCOME.equals(kind)) {
            return Map.of("renewalOutcome", "renewed", "nextRenewalDate", renewalDate.plusYears(1).toString(),
                    "notes", "Renewed for another year");
        }
        return HELD;
    }
}
