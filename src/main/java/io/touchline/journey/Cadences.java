package io.touchline.journey;

import java.sql.Timestamp;
import java.time.Period;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.model.DecisionTables;
import io.touchline.web.InvalidInputException;

/**
 * Per-account rhythms of the journeys' cadence loops, and the backing class of
 * processes/cadence-guidelines.dmn and processes/blackout-periods.dmn. A loop timer in a diagram
 * waits until {@code ${cadence.next(execution.processBusinessKey, 'check-in', 'P14D')}}: the
 * account's next slot (see {@link Slots}) in a rhythm of the account's own period if the customer
 * asked for one (within the tier's guidelines), else the diagram's default; at least half a period
 * after now, on a working day that no blackout period covers, at the morning hour of the account.
 */
@Component("cadence")
public class Cadences {

    public static final String DECISION_KEY = "cadence-guidelines";
    public static final String BLACKOUTS_KEY = "blackout-periods";

    /** The bounds CS Ops allow for a cadence of a tier. */
    public record Guideline(String shortest, String longest) {
    }

    private final JdbcTemplate jdbc;
    private final DecisionTables decisions;
    private final io.touchline.account.AccountZones zones;
    private final PlanChanges plans;
    private final io.touchline.experiment.CadenceVariants experiments;

    Cadences(JdbcTemplate jdbc, DecisionTables decisions, io.touchline.account.AccountZones zones, PlanChanges plans,
            io.touchline.experiment.CadenceVariants experiments) {
        this.experiments = experiments;
        this.plans = plans;
        this.zones = zones;
        this.jdbc = jdbc;
        this.decisions = decisions;
    }

    /**
     * The period a loop waits: the account's own rhythm (an override), else the variant a cadence experiment gives it,
     * else the diagram's default.
     */
    public String every(String externalId, String cadence, String defaultPeriod) {
        return jdbc.query("""
                select o.period from cadence_override o join account a on a.id = o.account_id
                where a.external_id = ? and o.cadence = ?""", (rs, row) -> rs.getString(1), externalId, cadence)
                .stream().findFirst().or(() -> experiments.period(externalId, cadence)).orElse(defaultPeriod);
    }

    /** The accounts' own rhythms (cadence to period), for many accounts at once (the calendar). */
    public java.util.Map<String, java.util.Map<String, String>> overrides(java.util.Collection<String> externalIds) {
        // a cadence experiment's variant, where the account has no rhythm of its own (read below, it wins)
        java.util.Map<String, java.util.Map<String, String>> rhythms = experiments.periods(externalIds);
        java.util.List<String> ids = new java.util.ArrayList<>(externalIds);
        for (int from = 0; from < ids.size(); from += 500) {
            java.util.List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.query("select a.external_id, o.cadence, o.period from cadence_override o join account a on a.id = o.account_id "
                    + "where a.external_id in (" + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        rhythms.computeIfAbsent(rs.getString(1), k -> new java.util.HashMap<>()).put(rs.getString(2), rs.getString(3));
                    }, chunk.toArray());
        }
        return rhythms;
    }

    /** When the loop's next touch is due: the account's next slot, half a period from now or later. */
    public java.util.Date next(String externalId, String cadence, String defaultPeriod) {
        java.time.ZoneId zone = zones.of(externalId).orElseThrow(() -> new IllegalStateException("No account " + externalId));
        return Schedule.atLocalMorning(nextSlot(Slots.keyOf(externalId), cadence, every(externalId, cadence, defaultPeriod),
                EngineClock.today(zone), blackouts(zones.industryOf(externalId).orElse(null))), zone);
    }

    /** The slot a loop waiting since {@code today} runs on next, for the calendar and the timers alike. */
    public static java.time.LocalDate nextSlot(long slotKey, String cadence, String period, java.time.LocalDate today,
            Slots.Blackouts blackouts) {
        long half = Math.max(1, approximateDays(period) / 2);
        return Slots.next(slotKey, cadence, Period.parse(period), today.plusDays(half), blackouts);
    }

    /** The blackout periods CS Ops keep in blackout-periods.dmn, for an account of the industry (null: not known). */
    public Slots.Blackouts blackouts(String industry) {
        return (day, cadence) -> {
            java.util.Map<String, Object> inputs = new java.util.HashMap<>();
            inputs.put("industry", industry);
            inputs.put("year", day.getYear());
            inputs.put("month", day.getMonthValue());
            inputs.put("day", day.getDayOfMonth());
            inputs.put("cadence", cadence);
            return decisions.first(BLACKOUTS_KEY, inputs).map(row -> (String) row.get("reason"));
        };
    }

    public Optional<Guideline> guideline(Account account, String cadence) {
        return decisions.single(DECISION_KEY, java.util.Map.of("tier", account.tier().code(), "cadence", cadence))
                .map(row -> new Guideline((String) row.get("shortest"), (String) row.get("longest")));
    }

    /** The customer asked for another rhythm: allowed within the guideline of the account's tier. */
    public void request(Account account, String cadence, String period, String reason) {
        Guideline guideline = guideline(account, cadence).orElseThrow(() -> new InvalidInputException("cadence",
                "'" + cadence + "' is not a cadence a " + account.tier().code() + " account can change"));
        long days = approximateDays(period);
        if (days < approximateDays(guideline.shortest()) || days > approximateDays(guideline.longest())) {
            throw new InvalidInputException("every", "a " + account.tier().code() + " " + cadence + " may be every "
                    + guideline.shortest() + " to " + guideline.longest() + " (cadence-guidelines.dmn)");
        }
        set(account, cadence, period, reason);
    }

    /** Back to the diagram's default rhythm. */
    public void reset(Account account, String cadence) {
        plans.changed(account.externalId());
        jdbc.update("delete from cadence_override where account_id = ? and cadence = ?", account.id(), cadence);
    }

    public Optional<String> override(Account account, String cadence) {
        return jdbc.query("select period from cadence_override where account_id = ? and cadence = ?",
                (rs, row) -> rs.getString(1), account.id(), cadence).stream().findFirst();
    }

    public Optional<String> reason(Account account, String cadence) {
        return jdbc.query("select reason from cadence_override where account_id = ? and cadence = ?",
                (rs, row) -> rs.getString(1), account.id(), cadence).stream().findFirst();
    }

    /** Sets a period without the guideline check (a step down to the guideline's own bound). */
    public void set(Account account, String cadence, String period, String reason) {
        reset(account, cadence);
        jdbc.update("insert into cadence_override (account_id, cadence, period, reason, set_at) values (?, ?, ?, ?, ?)",
                account.id(), cadence, period, reason, Timestamp.from(EngineClock.now()));
    }

    /** Periods compare by their length in days (a month counts 30). */
    static long approximateDays(String period) {
        try {
            Period p = Period.parse(period);
            return p.getYears() * 365L + p.getMonths() * 30L + p.getDays();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException("every", "'" + period + "' is not an ISO-8601 period such as P14D or P1M");
        }
    }
}
