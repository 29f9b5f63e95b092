package io.touchline.journey;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an account's recurring touch falls in each period of its cadence, so the touches of many
 * accounts spread over the period instead of piling up in its first week. Each account holds a
 * fixed place in the period (its slot): the fractional part of {@code key x golden ratio}, shifted
 * per cadence, where the key comes from the account's external id (so a copy of the book, as a
 * what-if replays it, has the same slots). Consecutive ids (CRM-0001, CRM-0002) land far apart (a
 * low-discrepancy sequence); a slot never depends on the other accounts, so an account keeps it
 * when others come and go. The slot is the
 * n-th working day (Monday to Friday) of the period, moved on to the next free working day when a
 * blackout period (holidays, "no business reviews in December") covers it.
 */
public final class Slots {

    /** Whether a day is closed for a cadence, and why. */
    @FunctionalInterface
    public interface Blackouts {
        Optional<String> reason(LocalDate day, String cadence);

        Blackouts NONE = (day, cadence) -> Optional.empty();
    }

    /** Periods in days count from this Monday; periods in months from January 2000. */
    static final LocalDate EPOCH = LocalDate.of(2000, 1, 3);
    private static final double GOLDEN = 0.6180339887498949;

    private Slots() {
    }

    /** The number an account's slots come from: stable for its external id, wherever it is stored. */
    public static long keyOf(String externalId) {
        return externalId.hashCode();
    }

    /** The account's place in a period of the cadence, in [0, 1). */
    public static double fraction(long accountId, String cadence) {
        double shift = (cadence.hashCode() & 0x7fffffff) / (double) Integer.MAX_VALUE;
        double value = accountId * GOLDEN + shift;
        return value - Math.floor(value);
    }

    /** The period of the cadence that contains {@code day}: [start, end). */
    static LocalDate[] window(LocalDate day, Period period) {
        long months = period.toTotalMonths();
        if (months > 0) {
            long index = (day.getYear() - 2000L) * 12 + day.getMonthValue() - 1;
            long start = Math.floorDiv(index, months) * months;
            LocalDate first = LocalDate.of(2000, 1, 1).plusMonths(start);
            return new LocalDate[] { first, first.plusMonths(months) };
        }
        int days = Math.max(1, period.getDays());
        long cycle = Math.floorDiv(ChronoUnit.DAYS.between(EPOCH, day), days);
        LocalDate first = EPOCH.plusDays(cycle * days);
        return new LocalDate[] { first, first.plusDays(days) };
    }

    /** The account's day in the period [start, end), moved out of blackouts. */
    static LocalDate slotIn(LocalDate start, LocalDate end, double fraction, String cadence, Blackouts blackouts) {
        List<LocalDate> workingDays = new ArrayList<>();
        for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                workingDays.add(d);
            }
        }
        LocalDate slot = workingDays.isEmpty() ? nextWorkingDay(start) : workingDays.get((int) (fraction * workingDays.size()));
        for (int i = 0; i < 120 && blackouts.reason(slot, cadence).isPresent(); i++) {
            slot = nextWorkingDay(slot.plusDays(1));
        }
        return slot;
    }

    /** The account's first slot on or after {@code earliest}. */
    public static LocalDate next(long accountId, String cadence, Period period, LocalDate earliest, Blackouts blackouts) {
        double fraction = fraction(accountId, cadence);
        LocalDate[] window = window(earliest, period);
        for (int i = 0; i < 60; i++) {
            LocalDate slot = slotIn(window[0], window[1], fraction, cadence, blackouts);
            if (!slot.isBefore(earliest)) {
                return slot;
            }
            window = window(window[1], period);
        }
        throw new IllegalStateException("No free day for " + cadence + " in 60 periods of " + period + ": check the blackout periods");
    }

    /**
     * A touch planned for a date (day 7 of onboarding, the day after an NPS answer): that day if it
     * is a working day outside every blackout, else the next one that is. {@code cadence} is null
     * for touches outside a cadence loop: only blackout rows that name no cadence apply to them.
     */
    public static LocalDate workingDayOnOrAfter(LocalDate day, String cadence, Blackouts blackouts) {
        return free(day, cadence, blackouts, 1);
    }

    /** The same, earlier: a touch before a deadline (the renewal countdown) comes before it, not after. */
    public static LocalDate workingDayOnOrBefore(LocalDate day, String cadence, Blackouts blackouts) {
        return free(day, cadence, blackouts, -1);
    }

    private static LocalDate free(LocalDate day, String cadence, Blackouts blackouts, int step) {
        LocalDate d = day;
        for (int i = 0; i < 120; i++, d = d.plusDays(step)) {
            if (isWorkingDay(d) && blackouts.reason(d, cadence).isEmpty()) {
                return d;
            }
        }
        throw new IllegalStateException("No free working day within 120 days of " + day + ": check the blackout periods");
    }

    static boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    private static LocalDate nextWorkingDay(LocalDate day) {
        LocalDate d = day;
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }
}
