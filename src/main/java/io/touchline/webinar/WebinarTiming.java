package io.touchline.webinar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.account.Tier;
import io.touchline.messaging.SendingRules;

/**
 * Whom a webinar's start time suits: the contacts it would invite, by their time zone, and how many of them it
 * reaches inside their working hours (the send window, touchline.sending.window, read in each contact's zone).
 * CS Ops see it when they schedule, so "Saturday 00:00 in Singapore" is seen before the invitations go.
 */
@Component
public class WebinarTiming {

    /** The contacts of one time zone, with the webinar's start on their clock. */
    public record Zone(String zone, long contacts, String localStart, boolean suits) {
    }

    /** How many of the invited contacts the start time suits, and the zones it does not suit, the largest first. */
    public record Timing(long contacts, long suited, String workingHours, List<Zone> outside) {
        public String summary() {
            return contacts == 0 ? "no contact to invite in these tiers"
                    : "the start suits " + suited + " of " + contacts + " contacts (" + workingHours + ")";
        }
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

    private final JdbcTemplate jdbc;
    private final SendingRules rules;

    WebinarTiming(JdbcTemplate jdbc, SendingRules rules) {
        this.jdbc = jdbc;
        this.rules = rules;
    }

    public Timing of(Instant startsAt, List<Tier> audience) {
        if (audience.isEmpty()) {
            return new Timing(0, 0, rules.window().describe(), List.of());
        }
        List<Object> args = new ArrayList<>();
        audience.forEach(t -> args.add(t.name()));
        // counted in the database, by zone: a tech-touch audience is tens of thousands of contacts
        List<Zone> zones = jdbc.query("select coalesce(c.time_zone, a.time_zone), count(*) from contact c join account a "
                + "on a.id = c.account_id where a.status = 'ACTIVE' and a.tier in ("
                + String.join(", ", java.util.Collections.nCopies(audience.size(), "?")) + ") group by coalesce(c.time_zone, a.time_zone)",
                (rs, n) -> zone(rs.getString(1), rs.getLong(2), startsAt), args.toArray());
        long contacts = zones.stream().mapToLong(Zone::contacts).sum();
        long suited = zones.stream().filter(Zone::suits).mapToLong(Zone::contacts).sum();
        List<Zone> outside = zones.stream().filter(z -> !z.suits())
                .sorted(Comparator.comparingLong(Zone::contacts).reversed().thenComparing(Zone::zone)).toList();
        return new Timing(contacts, suited, rules.window().describe(), outside);
    }

    private Zone zone(String id, long contacts, Instant startsAt) {
        ZonedDateTime local = startsAt.atZone(ZoneId.of(id));
        SendingRules.Window window = rules.window();
        boolean suits = window.days().contains(local.getDayOfWeek()) && !local.toLocalTime().isBefore(window.start())
                && local.toLocalTime().isBefore(window.end());
        return new Zone(id, contacts, LOCAL.format(local), suits);
    }
}
