package io.touchline.messaging;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * touchline.sending.*: when an automated email may reach a contact. The send window (default
 * weekdays 09:00-17:00) is read in the contact's own time zone, so it follows their clock across
 * daylight-saving changes; a template with a send day (communication-type.dmn) waits for that
 * weekday; the frequency cap holds opt-out-able email (never account or renewal messages) once a
 * contact had {@code maxEmails} within {@code per}. A message that may not go yet is held, not dropped.
 */
@ConfigurationProperties("touchline.sending")
public record SendingRules(Window window, FrequencyCap frequencyCap) {

    public record Window(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        public Window {
            days = days == null || days.isEmpty() ? EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY) : EnumSet.copyOf(days);
            start = start != null ? start : LocalTime.of(9, 0);
            end = end != null ? end : LocalTime.of(17, 0);
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("touchline.sending.window: end " + end + " must be after start " + start);
            }
        }

        public String hours() {
            return start + "-" + end;
        }

        /** "weekdays 09:00-17:00 local time" */
        public String describe() {
            String which = days.equals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)) ? "weekdays"
                    : days.stream().map(ContactPreferences::dayName).collect(java.util.stream.Collectors.joining(", "));
            return which + " " + hours() + " local time";
        }
    }

    /** maxEmails 0 switches the cap off. */
    public record FrequencyCap(int maxEmails, Duration per) {
        public FrequencyCap {
            per = per != null ? per : Duration.ofDays(7);
        }

        /** "at most 1 optional email per day" */
        public String describe() {
            long days = per.toDays();
            String period = per.equals(Duration.ofDays(1)) ? "day" : per.equals(Duration.ofDays(7)) ? "week"
                    : days > 0 && per.equals(Duration.ofDays(days)) ? days + " days" : per.toString();
            return "at most " + maxEmails + " optional email" + (maxEmails == 1 ? "" : "s") + " per " + period;
        }
    }

    public SendingRules {
        window = window != null ? window : new Window(null, null, null);
        frequencyCap = frequencyCap != null ? frequencyCap : new FrequencyCap(1, Duration.ofDays(1));
    }

    /**
     * The first moment at or after {@code from} inside the window in {@code zone}, on {@code sendOn}
     * if the template has a send day (any window day otherwise).
     */
    public Instant earliest(Instant from, ZoneId zone, DayOfWeek sendOn) {
        ZonedDateTime local = from.atZone(zone);
        for (int day = 0; day <= 14; day++) {
            LocalDate date = local.toLocalDate().plusDays(day);
            if (sendOn != null ? date.getDayOfWeek() != sendOn : !window.days().contains(date.getDayOfWeek())) {
                continue;
            }
            Instant opens = date.atTime(window.start()).atZone(zone).toInstant();
            Instant closes = date.atTime(window.end()).atZone(zone).toInstant();
            if (from.isBefore(opens)) {
                return opens;
            }
            if (from.isBefore(closes)) {
                return from;
            }
        }
        throw new IllegalStateException("No send window in the next two weeks: check touchline.sending.window.days");
    }

    /**
     * The first moment at or after {@code from} that keeps the contact within the cap: no window of
     * length {@code per} holds more than {@code maxEmails} of their capped emails, counting those
     * already sent and those held for later ({@code scheduled}, oldest first). A message held for
     * a later day does not block an earlier free slot.
     */
    public Instant afterCap(Instant from, List<Instant> scheduled) {
        int max = frequencyCap.maxEmails();
        if (max <= 0 || scheduled.size() < max) {
            return from;
        }
        Duration per = frequencyCap.per();
        Instant t = from;
        for (int guard = 0; guard <= scheduled.size() + 1; guard++) {
            Instant at = t;
            boolean full = false;
            // every window [w, w + per) that would hold the new email starts at it or at an email before it
            for (Instant w : scheduled) {
                if (w.isAfter(at) || !w.plus(per).isAfter(at)) {
                    continue;
                }
                if (count(scheduled, w, per) + 1 > max) {
                    full = true;
                    break;
                }
            }
            if (!full && count(scheduled, at, per) + 1 <= max) {
                return at;
            }
            // the next moment the crowding eases: when one of the emails around leaves the window
            Instant next = null;
            for (Instant s : scheduled) {
                Instant free = s.plus(per);
                if (free.isAfter(at) && (next == null || free.isBefore(next))) {
                    next = free;
                }
            }
            if (next == null) {
                return at;
            }
            t = next;
        }
        return t;
    }

    private static long count(List<Instant> scheduled, Instant start, Duration per) {
        Instant end = start.plus(per);
        return scheduled.stream().filter(s -> !s.isBefore(start) && s.isBefore(end)).count();
    }
}
