package io.touchline.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** Slot placement on its own: spread, stable, on working days, out of blackout periods. */
class SlotsTest {

    /** Christmas and New Year for everything, no business reviews in December (as blackout-periods.dmn). */
    private static final Slots.Blackouts HOLIDAYS = (day, cadence) -> {
        if (day.getMonthValue() == 12 && day.getDayOfMonth() >= 24 && day.getDayOfMonth() <= 26
                || day.getMonthValue() == 1 && day.getDayOfMonth() == 1) {
            return Optional.of("holiday");
        }
        return day.getMonthValue() == 12 && cadence.equals("business-review") ? Optional.of("no reviews") : Optional.empty();
    };

    /** Every slot of each account in [from, to), following the loop as the engine does. */
    private static List<LocalDate> run(long[] accounts, String cadence, String period, LocalDate from, LocalDate to) {
        return run(accounts, cadence, period, from, to, HOLIDAYS);
    }

    private static List<LocalDate> run(long[] accounts, String cadence, String period, LocalDate from, LocalDate to,
            Slots.Blackouts blackouts) {
        List<LocalDate> touches = new ArrayList<>();
        for (long account : accounts) {
            LocalDate today = from;
            while (true) {
                LocalDate slot = Cadences.nextSlot(account, cadence, period, today, blackouts);
                if (!slot.isBefore(to)) {
                    break;
                }
                touches.add(slot);
                today = slot;
            }
        }
        return touches;
    }

    private static Map<String, Integer> perWeek(List<LocalDate> touches) {
        Map<String, Integer> weeks = new TreeMap<>();
        touches.forEach(d -> weeks.merge(d.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), 1, Integer::sum));
        return weeks;
    }

    @Test
    void a100MonthlyCheckInsSpreadToAbout25AWeek_withinPlusMinus20PercentOfTheMean() {
        // a pod's accounts are not consecutive ids: every third account of the book
        long[] pod = LongStream.iterate(7, id -> id + 3).limit(100).toArray();
        LocalDate monday = LocalDate.of(2027, 1, 4);
        // all enrolled on the same day: the first touches must not pile up in week one (holidays
        // move touches into the next week on purpose: that is the blackout test below)
        List<LocalDate> touches = run(pod, "check-in", "P1M", monday, monday.plusWeeks(52), Slots.Blackouts.NONE);
        Map<String, Integer> weeks = perWeek(touches);
        // full weeks only: the first (half a period ahead) and the last are partial
        List<Integer> counts = new ArrayList<>(weeks.values()).subList(3, weeks.size() - 1);
        double mean = counts.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertThat(mean).isBetween(20.0, 26.0);
        assertThat(counts).as("weekly check-ins, mean %.1f", mean)
                .allSatisfy(n -> assertThat((double) n).isBetween(mean * 0.8, mean * 1.2));
    }

    @Test
    void aBookOfCrmIdsSpreadsToo() {
        // keys come from external ids: a book CRM-0001 .. CRM-0100 (slots as a what-if copy has them)
        long[] book = LongStream.rangeClosed(1, 100).map(i -> Slots.keyOf(String.format("CRM-%04d", i))).toArray();
        LocalDate monday = LocalDate.of(2027, 1, 4);
        Map<String, Integer> weeks = perWeek(run(book, "check-in", "P1M", monday, monday.plusWeeks(52), Slots.Blackouts.NONE));
        List<Integer> counts = new ArrayList<>(weeks.values()).subList(3, weeks.size() - 1);
        double mean = counts.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertThat(counts).as("weekly check-ins, mean %.1f", mean)
                .allSatisfy(n -> assertThat((double) n).isBetween(mean * 0.8, mean * 1.2));
    }

    @Test
    void slotsAreWorkingDaysOutsideEveryBlackout() {
        long[] book = LongStream.rangeClosed(1, 300).toArray();
        LocalDate from = LocalDate.of(2027, 1, 4);
        for (String cadence : List.of("check-in", "business-review", "value-summary")) {
            for (String period : List.of("P14D", "P1M", "P3M")) {
                assertThat(run(book, cadence, period, from, from.plusYears(2))).isNotEmpty().allSatisfy(day -> {
                    assertThat(day.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
                    assertThat(HOLIDAYS.reason(day, cadence)).as(cadence + " on " + day).isEmpty();
                });
            }
        }
    }

    @Test
    void anAccountKeepsItsSlot_whateverOtherAccountsThereAre() {
        LocalDate today = LocalDate.of(2027, 3, 10);
        LocalDate alone = Cadences.nextSlot(42, "check-in", "P1M", today, HOLIDAYS);
        List<LocalDate> inABook = run(LongStream.rangeClosed(1, 100).toArray(), "check-in", "P1M", today, today.plusMonths(2));
        assertThat(inABook).contains(alone);
        assertThat(Cadences.nextSlot(42, "check-in", "P1M", today, HOLIDAYS)).as("deterministic").isEqualTo(alone);
        // each of an account's cadences has a slot of its own, so its touches do not pile onto one day
        assertThat(Slots.fraction(42, "check-in")).isBetween(0.0, 1.0)
                .isNotCloseTo(Slots.fraction(42, "value-summary"), org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void aLoopWaitsAtLeastHalfAPeriod_andFollowsItsRhythm() {
        LocalDate first = Cadences.nextSlot(5, "check-in", "P14D", LocalDate.of(2027, 2, 1), Slots.Blackouts.NONE);
        assertThat(first).isAfterOrEqualTo(LocalDate.of(2027, 2, 8)).isBefore(LocalDate.of(2027, 2, 23));
        LocalDate second = Cadences.nextSlot(5, "check-in", "P14D", first, Slots.Blackouts.NONE);
        assertThat(second).isEqualTo(first.plusDays(14));
        assertThat(Slots.window(LocalDate.of(2027, 5, 17), Period.ofMonths(3)))
                .as("quarters are calendar quarters").containsExactly(LocalDate.of(2027, 4, 1), LocalDate.of(2027, 7, 1));
    }

    @Test
    void aDecemberBusinessReviewMovesToTheFirstFreeWorkingDayInJanuary() {
        // find an account whose quarterly review slot falls in December
        long account = LongStream.rangeClosed(1, 500).filter(id -> Cadences.nextSlot(id, "business-review", "P3M",
                LocalDate.of(2027, 11, 1), Slots.Blackouts.NONE).getMonthValue() == 12).findFirst().orElseThrow();
        LocalDate moved = Cadences.nextSlot(account, "business-review", "P3M", LocalDate.of(2027, 11, 1), HOLIDAYS);
        assertThat(moved).isEqualTo(LocalDate.of(2028, 1, 3)); // 1 January is a holiday, then a weekend
    }
}
