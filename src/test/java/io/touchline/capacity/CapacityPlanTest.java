package io.touchline.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.calendar.TouchCalendar.Touch;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** The capacity warnings appear exactly when planned hours exceed the hours there are. */
class CapacityPlanTest extends ProcessTestBase {

    private static final LocalDate MONDAY = LocalDate.of(2027, 1, 4);

    @Autowired
    IdentityService identity;
    @Autowired
    AccountRepository accounts;

    /** Dana has 2 hours a week for planned touches. */
    private CapacityPlan plan() {
        return new CapacityPlan(new CapacityProperties(Map.of("check-in-call", 0.5, "business-review", 3.0), 0.5, 25,
                Map.of("dana", 2.0)), identity);
    }

    private Account highTouch(String prefix) {
        String id = Journeys.newExternalId(prefix);
        journeys.enrol(id, 150_000, false, false, daysFromNow(300), daysFromNow(-200), "dana", null);
        return accounts.findByExternalId(id).orElseThrow();
    }

    private static Touch touch(Account account, LocalDate day, String kind, double hours, String owner) {
        Instant at = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        return new Touch(day, at, account.externalId(), account.name(), account.tier().code(), "Task_X", "A touch",
                kind, true, owner, hours, "planned");
    }

    @Test
    void aWeekIsOverCapacityExactlyWhenItsPlannedHoursExceedTheCsmsHours() {
        Account account = highTouch("CAP-WEEK");
        List<Touch> touches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            touches.add(touch(account, MONDAY.plusDays(i), "check-in-call", 0.5, "dana")); // 2.0 h: exactly full
        }
        for (int i = 0; i < 5; i++) {
            touches.add(touch(account, MONDAY.plusWeeks(1).plusDays(i % 5), "check-in-call", 0.5, "dana")); // 2.5 h
        }
        CapacityPlan.Csm dana = plan().of(touches, List.of(account), MONDAY, 3).csms().get(0);

        assertThat(dana.id()).isEqualTo("dana");
        assertThat(dana.name()).isEqualTo("Dana Whitfield");
        assertThat(dana.weeks()).extracting(CapacityPlan.Week::plannedHours).containsExactly(2.0, 2.5, 0.0);
        assertThat(dana.weeks()).extracting(CapacityPlan.Week::overCapacity).containsExactly(false, true, false);
        assertThat(dana.weeksOver()).isEqualTo(1);
    }

    @Test
    void aPodsTouchesAreSharedByItsMembers() {
        String id = Journeys.newExternalId("CAP-POD");
        journeys.enrol(id, 50_000, false, false, daysFromNow(300), daysFromNow(-200), null, "pod-atlas");
        Account account = accounts.findByExternalId(id).orElseThrow();
        var plan = plan().of(List.of(touch(account, MONDAY, "business-review", 3.0, "pod-atlas")), List.of(account), MONDAY, 1);
        assertThat(plan.csms()).extracting(CapacityPlan.Csm::id).containsExactly("lee", "priya", "sam");
        assertThat(plan.csms()).allSatisfy(c -> assertThat(c.weeks().get(0).plannedHours()).isEqualTo(1.0));
    }

    @Test
    void theModelCheckSaysPlainlyWhenTheModelNeedsMoreCsmsThanTheTeamHas() {
        Account a = highTouch("CAP-A");
        Account b = highTouch("CAP-B");
        // each account asks 1 hour a week; Dana has 2: she can carry 2 accounts, and carries 2
        List<Touch> touches = new ArrayList<>(List.of(touch(a, MONDAY, "x", 1.0, "dana"), touch(b, MONDAY, "x", 1.0, "dana")));
        CapacityPlan.TierCheck fits = plan().of(touches, List.of(a, b), MONDAY, 1).checks().get(0);
        assertThat(fits.overCapacity()).isFalse();
        assertThat(fits.message()).isEqualTo("Within capacity: this model needs 1 CSM per 2.0 high-touch accounts; you have 1 per 2.0.");

        Account c = highTouch("CAP-C");
        touches.add(touch(c, MONDAY, "x", 1.0, "dana"));
        CapacityPlan.TierCheck over = plan().of(touches, List.of(a, b, c), MONDAY, 1).checks().get(0);
        assertThat(over.overCapacity()).isTrue();
        assertThat(over.message()).isEqualTo("Over capacity: this model needs 1 CSM per 2.0 high-touch accounts; you have 1 per 3.0.");
    }
}
