package io.touchline.touchpoint;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Scope;
import io.touchline.account.Tier;

/**
 * "Minimum viable cadence for a paying B2B account: one touch a month (human or automated)": the
 * paying accounts (not on a trial) that went longer than {@code touchline.minimum-touch.every}
 * without any touch: a human touch that took place (not a no-show), an email sent, a message shown
 * in the app, or a touch another team recorded (a support answer, a newsletter). Accounts enrolled
 * less than that long ago are not counted.
 */
@Component
public class TouchMinimum {

    /** An account without a touch since {@code cutoff}; {@code lastTouch} null if it never had one. */
    public record Untouched(String externalId, String name, String tier, String csm, String pod, Instant lastTouch) {
    }

    public record Report(String every, Instant cutoff, int total, List<Untouched> accounts) {
    }

    /** What counts as a touch on the timeline (events are counted from their own tables). */
    private static final String TOUCH = """
            ((t.owner = 'automated' and t.outcome in ('sent', 'shown'))
             or (t.owner <> 'automated' and t.kind not like 'event:%' and t.kind not in ('preferences', 'cadence-change')
                 and coalesce(t.outcome, '') not in ('no-show', 'rescheduled')))""";

    private final JdbcTemplate jdbc;
    private final Period every;

    TouchMinimum(JdbcTemplate jdbc, @Value("${touchline.minimum-touch.every:P1M}") Period every) {
        this.jdbc = jdbc;
        this.every = every;
    }

    public Report untouched(Scope scope, int limit) {
        Instant cutoff = EngineClock.now().atZone(ZoneOffset.UTC).minus(every).toInstant();
        Timestamp since = Timestamp.from(cutoff);
        List<Untouched> all = new ArrayList<>();
        List<Object> args = new ArrayList<>(List.of(since, since, since));
        String visible = scope.sql("a.csm", "a.pod", "a.tier", Tier::name, args);
        jdbc.query("select a.external_id, a.name, a.tier, a.csm, a.pod, "
                + "(select max(t.occurred_at) from touchpoint t where t.account_id = a.id and " + TOUCH + ") as last_own, "
                + "(select max(x.occurred_at) from external_touch x where x.account_id = a.id) as last_external "
                + "from account a where a.status = 'ACTIVE' and a.trial = false and a.created_at <= ? "
                + "and not exists (select 1 from touchpoint t where t.account_id = a.id and t.occurred_at >= ? and " + TOUCH + ") "
                + "and not exists (select 1 from external_touch x where x.account_id = a.id and x.occurred_at >= ?)" + visible,
                rs -> {
                    Instant own = instant(rs.getTimestamp("last_own"));
                    Instant external = instant(rs.getTimestamp("last_external"));
                    Instant last = own == null ? external : external == null || own.isAfter(external) ? own : external;
                    all.add(new Untouched(rs.getString("external_id"), rs.getString("name"),
                            Tier.valueOf(rs.getString("tier")).code(), rs.getString("csm"), rs.getString("pod"), last));
                }, args.toArray());
        all.sort(Comparator.comparing(Untouched::lastTouch, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Untouched::externalId));
        return new Report(every.toString(), cutoff, all.size(), all.subList(0, Math.min(limit, all.size())));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
