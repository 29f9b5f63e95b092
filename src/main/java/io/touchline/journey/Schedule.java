package io.touchline.journey;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;
import java.util.Date;

import org.camunda.bpm.engine.impl.context.BpmnExecutionContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.AccountZones;

/**
 * Date arithmetic for timer expressions in the diagrams, on the engine clock and in the account's
 * own time zone. The figures (day 3, 90 days before renewal) stay in the BPMN, readable in the
 * Modeler: {@code ${schedule.after(enrolledAt, 'P3D')}}, {@code ${schedule.before(renewalDate, 'P90D')}}.
 * A touch planned for a day is due at 09:00 local time that day, also across daylight-saving changes.
 * Touches happen on working days: a day that falls on the account's weekend or in a blackout period
 * (blackout-periods.dmn) moves to the next working day; a day before a date (the renewal countdown)
 * moves to the working day before it, so the touch still comes ahead of the renewal.
 */
@Component("schedule")
public class Schedule {

    /** Customer-facing touches on a date are planned for this local time of the account. */
    static final LocalTime LOCAL_TIME_OF_TOUCHES = LocalTime.of(9, 0);

    private final AccountZones zones;
    private final Cadences cadences;

    Schedule(AccountZones zones, Cadences cadences) {
        this.zones = zones;
        this.cadences = cadences;
    }

    /** Day N after a start: the start's local date plus the period, at 09:00 local. */
    public Date after(Object start, String period) {
        return after(start, period, zone(), blackouts());
    }

    /** The period before a date (a renewal date), at 09:00 local. */
    public Date before(Object date, String period) {
        return before(date, period, zone(), blackouts());
    }

    /** On a date (the renewal date), at 09:00 local; the next working day if it is not one. */
    public Date on(Object date) {
        return on(date, zone(), blackouts());
    }

    /**
     * When a person's step is due: the period from now, moved to the next working day of the account if it
     * ends on a weekend ({@code ${schedule.due('P3D')}}: "not done in 3 days" on a Thursday is due Monday,
     * not Sunday). Tasks' due dates and the timers that watch them use it, so they agree.
     */
    public Date due(String period) {
        return dueAt(EngineClock.now(), period, zone());
    }

    public static Date dueAt(Instant now, String period, ZoneId zone) {
        ZonedDateTime due = now.atZone(zone).plus(amount(period));
        while (!Slots.isWorkingDay(due.toLocalDate())) {
            due = due.plusDays(1);
        }
        return Date.from(due.toInstant());
    }

    /** Whole days from now until the date; negative once it has passed. */
    public long daysUntil(Object date) {
        return daysUntil(date, EngineClock.now(), zone());
    }

    /** Whole days from a date or moment until now, in the account's zone ({@code ${schedule.daysSince(customerSince) < 365}}). */
    public long daysSince(Object date) {
        return daysSince(date, EngineClock.now(), zone());
    }

    /** The same, for an account in {@code zone} (the calendar evaluates the diagrams' timers with these). */
    public static Date after(Object start, String period, ZoneId zone, Slots.Blackouts blackouts) {
        return atLocalMorning(Slots.workingDayOnOrAfter(local(start, zone).toLocalDate().plus(amount(period)), null,
                blackouts), zone);
    }

    public static Date before(Object date, String period, ZoneId zone, Slots.Blackouts blackouts) {
        return atLocalMorning(Slots.workingDayOnOrBefore(local(date, zone).toLocalDate().minus(amount(period)), null,
                blackouts), zone);
    }

    public static Date on(Object date, ZoneId zone, Slots.Blackouts blackouts) {
        return atLocalMorning(Slots.workingDayOnOrAfter(local(date, zone).toLocalDate(), null, blackouts), zone);
    }

    public static long daysUntil(Object date, Instant now, ZoneId zone) {
        return ChronoUnit.DAYS.between(now, local(date, zone).toInstant());
    }

    public static long daysSince(Object date, Instant now, ZoneId zone) {
        return ChronoUnit.DAYS.between(local(date, zone).toInstant(), now);
    }

    /** A calendar date of the account, as the moment its touches are due (09:00 local time). */
    public static Date atLocalMorning(LocalDate date, ZoneId zone) {
        return Date.from(date.atTime(LOCAL_TIME_OF_TOUCHES).atZone(zone).toInstant());
    }

    public static Instant plus(Instant start, String period) {
        return start.atZone(ZoneOffset.UTC).plus(amount(period)).toInstant();
    }

    public static TemporalAmount amount(String period) {
        try {
            return period.contains("T") ? Duration.parse(period) : java.time.Period.parse(period);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + period + "' is not an ISO-8601 period such as P3D or P2W", e);
        }
    }

    /** The time zone of the account whose journey evaluates the expression (UTC outside a journey). */
    private ZoneId zone() {
        String externalId = account();
        return externalId == null ? ZoneOffset.UTC
                : zones.of(externalId).orElse(ZoneOffset.UTC);
    }

    /** The blackout periods of the account's industry (those for every industry outside a journey). */
    private Slots.Blackouts blackouts() {
        String externalId = account();
        return cadences.blackouts(externalId == null ? null : zones.industryOf(externalId).orElse(null));
    }

    private static String account() {
        BpmnExecutionContext context = Context.getBpmnExecutionContext();
        return context == null || context.getExecution() == null ? null : context.getExecution().getProcessBusinessKey();
    }

    private static ZonedDateTime local(Object value, ZoneId zone) {
        if (value instanceof Date date) {
            return date.toInstant().atZone(zone);
        }
        if (value instanceof Instant instant) {
            return instant.atZone(zone);
        }
        if (value instanceof LocalDate date) {
            return date.atTime(LOCAL_TIME_OF_TOUCHES).atZone(zone);
        }
        if (value instanceof String text && !text.isBlank()) {
            String day = text.length() >= 10 ? text.substring(0, 10) : text;
            return LocalDate.parse(day).atTime(LOCAL_TIME_OF_TOUCHES).atZone(zone);
        }
        throw new IllegalArgumentException("Not a date: " + value);
    }

    /** Parses a date given by a form (yyyy-MM-dd, maybe with a time part) or a Date variable. */
    public static LocalDate toLocalDate(Object value, ZoneId zone) {
        return local(value, zone).toLocalDate();
    }
}
