package io.touchline.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** The capacity warnings appear exactly when planned hours exceed the hours there are. */
class CapacityPlanTest extends ProcessTestBase {

    private static final LocalDate MONDAY = LocalDate.of(2027, 1, 4);

    @Autowired
    AccountRepository accounts;

    @Autowired
    Team team;

    /** Dana has 2 hours a week for planned touches; a touch of kind x takes an hour. */
    private CapacityPlan plan() {
        return new CapacityPlan(new CapacityProperties(Map.of("check-in-call", 0.5, "business-review", 3.0, "x", 1.0), 0.5, 25,
                Map.of("dana", 2.0)), team);
    }

    private static CapacityPlan.Plan of(CapacityPlan plan, List<CapacityPlan.Load> loads, List<Account> book, int weeks) {
        Map<String, Integer> perTier = new java.util.TreeMap<>();
        book.forEach(a -> perTier.merge(a.tier().code(), 1, Integer::sum));
        return plan.of(loads, perTier, MONDAY, weeks, 1, 100);
    }

    private Account highTouch(String prefix) {
        String id = Journeys.newExternalId(prefix);
        journeys.enrol(id, 150_000, false, false, daysFromNow(300), daysFromNow(-200), "dana", null);
        return accounts.findByExternalId(id).orElseThrow();
    }

    private static CapacityPlan.Load touch(Account account, LocalDate day, String kind, String owner) {
        return new CapacityPlan.Load(day, owner, kind, account.tier().code(), 1);
    }

    @Test
    void aWeekIsOverCapacityExactlyWhenItsPlannedHoursExceedTheCsmsHours() {
        Account account = highTouch("CAP-WEEK");
        List<CapacityPlan.Load> touches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            touches.add(touch(account, MONDAY.plusDays(i), "check-in-call", "dana")); // 2.0 h: exactly full
        }
        for (int i = 0; i < 5; i++) {
            touches.add(touch(account, MONDAY.plusWeeks(1).plusDays(i % 5), "check-in-call", "dana")); // 2.5 h
        }
        CapacityPlan.Csm dana = of(plan(), touches, List.of(account), 3).csms().get(0);

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
        var plan = of(plan(), List.of(touch(account, MONDAY, "business-review", "pod-atlas")), List.of(account), 1);
        assertThat(plan.csms()).extracting(CapacityPlan.Csm::id).containsExactly("lee", "priya", "sam");
        assertThat(plan.csms()).allSatisfy(c -> assertThat(c.weeks().get(0).plannedHours()).isEqualTo(1.0));
    }

    @Test
    void theModelCheckSaysPlainlyWhenTheModelNeedsMoreCsmsThanTheTeamHas() {
        Account a = highTouch("CAP-A");
        Account b = highTouch("CAP-B");
        // each account asks 1 hour a week; Dana has 2: she can carry 2 accounts, and carries 2
        List<CapacityPlan.Load> touches = new ArrayList<>(List.of(touch(a, MONDAY, "x", "dana"), touch(b, MONDAY, "x", "dana")));
        CapacityPlan.TierCheck fits = of(plan(), touches, List.of(a, b), 1).checks().get(0);
        assertThat(fits.overCapacity()).isFalse();
        assertThat(fits.message()).isEqualTo("Within capacity: high-touch takes 2.0 CSM hours a week for 2 accounts (1.0 h per "
                + "account); the rest of its journey is automated; you have 1 CSM per 2.0 of them.");

        Account c = highTouch("CAP-C");
        touches.add(touch(c, MONDAY, "x", "dana"));
        CapacityPlan.TierCheck over = of(plan(), touches, List.of(a, b, c), 1).checks().get(0);
        assertThat(over.overCapacity()).isTrue();
        assertThat(over.message()).isEqualTo("Over capacity: high-touch takes 3.0 CSM hours a week for 3 accounts (1.0 h per "
                + "account); the rest of its journey is automated; you have 1 CSM per 3.0 of them, and the planned hours allow "
                + "only 2.0.");
    }
    @Test
    void aTierTheDiagramsAutomateIsSaidToBeAutomated_notGivenAnAbsurdRatio() {
        assertThat(new CapacityPlan.TierCheck("tech-touch", 10, 1, 0.0, 6000, 10).message())
                .isEqualTo("Within capacity: tech-touch is automated: its journey plans no CSM time for its 10 accounts in this period.");
        assertThat(new CapacityPlan.TierCheck("low-touch", 12, 1, 0.01, 4800, 12).message())
                .isEqualTo("Within capacity: low-touch takes 0.1 CSM hours a week for 12 accounts (under a minute per account); "
                        + "the rest of its journey is automated; you have 1 CSM per 12 of them.");
    }

    @Test
    void eachBookIsShownAgainstTheGuidesRange_perCsmAndPerPod() {
        CapacityPlan plan = new CapacityPlan(new CapacityProperties(Map.of(), 0.5, 25, Map.of(),
                Map.of("high-touch", "15-30", "medium-touch", "60-100", "low-touch", "200-500"),
                Map.of("medium-touch", "200-300")), team);
        int atlas = team.roster().peopleOf("pod-atlas").size();
        List<CapacityPlan.BookRow> rows = List.of(new CapacityPlan.BookRow("dana", "high-touch", 12),
                new CapacityPlan.BookRow("marco", "high-touch", 31), new CapacityPlan.BookRow("pod-atlas", "medium-touch", 250),
                new CapacityPlan.BookRow("scale-pool", "tech-touch", 900));

        List<CapacityPlan.Book> books = plan.of(List.of(), Map.of(), rows, MONDAY, 4, 1, 25).books();

        assertThat(books).extracting(CapacityPlan.Book::owner).as("out of range first")
                .containsExactly("dana", "marco", "pod-atlas", "scale-pool");
        assertThat(books.get(0).verdict()).isEqualTo("below");
        assertThat(books.get(0).message()).isEqualTo("Dana Whitfield: 12 high-touch accounts; the guides give 15-30 per CSM: "
                + "below the range, room for more accounts.");
        assertThat(books.get(1).verdict()).as("31 is more than a dedicated CSM carries").isEqualTo("above");
        CapacityPlan.Book pod = books.get(2);
        assertThat(pod.csms()).isEqualTo(atlas);
        assertThat(pod.perCsm()).isEqualTo(Math.round(250f / atlas));
        assertThat(pod.guidePerGroup()).isEqualTo("200-300");
        assertThat(pod.verdict()).as("250 for the pod, %d each", pod.perCsm())
                .isEqualTo(250.0 / atlas > 100 ? "above" : 250.0 / atlas < 60 ? "below" : "within");
        assertThat(books.get(3).verdict()).as("tech-touch has no human book").isEqualTo("no range");
    }

    @Test
    void aBookSizeThatIsNotARangeIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CapacityProperties(Map.of(), 0.5, 25, Map.of(),
                Map.of("high-touch", "fifteen"), Map.of())).hasMessageContaining("'fifteen' is not a range such as 15-30");
    }
}
