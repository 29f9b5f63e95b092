package io.touchline.journey;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;
import java.util.Date;

import org.springframework.stereotype.Component;

import io.touchline.EngineClock;

/**
 * Date arithmetic for timer expressions in the diagrams, on the engine clock. The figures (day 3,
 * 90 days before renewal) stay in the BPMN, readable in the Modeler:
 * {@code ${schedule.after(enrolledAt, 'P3D')}}, {@code ${schedule.before(renewalDate, 'P90D')}}.
 */
@Component("schedule")
public class Schedule {

    /** Customer-facing touches on a date are planned for this local time of the account. */
    static final int LOCAL_HOUR_OF_TOUCHES = 9;

    public Date after(Object start, String period) {
        return Date.from(utc(start).plus(amount(period)).toInstant());
    }

    public Date before(Object date, String period) {
        return Date.from(utc(date).minus(amount(period)).toInstant());
    }

    public Date on(Object date) {
        return Date.from(utc(date).toInstant());
    }

    /** Whole days from now until the date; negative once it has passed. */
    public long daysUntil(Object date) {
        return ChronoUnit.DAYS.between(EngineClock.now(), utc(date).toInstant());
    }

    /** A calendar date of the account, as the moment its touches are due (09:00 local time). */
    public static Date atLocalMorning(LocalDate date, ZoneId zone) {
        return Date.from(date.atTime(LOCAL_HOUR_OF_TOUCHES, 0).atZone(zone).toInstant());
    }

    public static Instant plus(Instant start, String period) {
        return start.atZone(ZoneOffset.UTC).plus(amount(period)).toInstant();
    }

    static TemporalAmount amount(String period) {
        try {
            return period.contains("T") ? Duration.parse(period) : java.time.Period.parse(period);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + period + "' is not an ISO-8601 period such as P3D or P2W", e);
        }
    }

    private static ZonedDateTime utc(Object value) {
        if (value instanceof Date date) {
            return date.toInstant().atZone(ZoneOffset.UTC);
        }
        if (value instanceof Instant instant) {
            return instant.atZone(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate date) {
            return date.atTime(LOCAL_HOUR_OF_TOUCHES, 0).atZone(ZoneOffset.UTC);
        }
        if (value instanceof String text && !text.isBlank()) {
            String day = text.length() >= 10 ? text.substring(0, 10) : text;
            return LocalDate.parse(day).atTime(LOCAL_HOUR_OF_TOUCHES, 0).atZone(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("Not a date: " + value);
    }

    /** Parses a date given by a form (yyyy-MM-dd, maybe with a time part) or a Date variable. */
    public static LocalDate toLocalDate(Object value, ZoneId zone) {
        if (value instanceof Date date) {
            return LocalDate.ofInstant(date.toInstant(), zone);
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof String text && text.length() >= 10) {
            return LocalDate.parse(text.substring(0, 10));
        }
        throw new IllegalArgumentException("Not a date: " + value);
    }
}
