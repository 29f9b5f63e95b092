package io.touchline.whatif;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The weeks a replay covers: ISO weeks (Monday to Sunday, UTC), the first being the week the
 * replay starts in (from its start, so it may be short), {@code weeks} of them in all.
 */
public record Horizon(Instant start, int weeks) {

    public static final int MAX_WEEKS = 52;

    public Horizon {
        if (weeks < 1 || weeks > MAX_WEEKS) {
            throw new IllegalArgumentException("weeks must be between 1 and " + MAX_WEEKS);
        }
    }

    public LocalDate firstMonday() {
        return LocalDate.ofInstant(start, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The end of the last week (exclusive). */
    public Instant end() {
        return firstMonday().plusWeeks(weeks).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** 1 for the first week of the horizon, {@code weeks} for the last. */
    public int index(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return (int) (java.time.temporal.ChronoUnit.DAYS.between(firstMonday(), day) / 7) + 1;
    }

    public boolean covers(Instant at) {
        return !at.isBefore(start) && at.isBefore(end());
    }

    public List<Forecast.Week> calendar() {
        List<Forecast.Week> weeks = new ArrayList<>();
        for (int i = 0; i < this.weeks; i++) {
            LocalDate monday = firstMonday().plusWeeks(i);
            weeks.add(new Forecast.Week(label(monday), monday));
        }
        return weeks;
    }

    /** "2027-W01" for the ISO week of a moment (UTC). */
    public static String weekOf(Instant at) {
        return label(LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    private static String label(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
