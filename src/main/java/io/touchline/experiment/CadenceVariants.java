package io.touchline.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The period a cadence experiment gives an account's loop: its variant's while the experiment runs (nothing for
 * the holdout, which keeps the diagram's), the promoted variant's for every account of the tier once CS Ops
 * promoted one. The timers ({@code cadence.next}) and the calendar's plan read it here, so they agree.
 */
@Component
public class CadenceVariants {

    /** How long the answer "an experiment is live" is kept: another node sees a new experiment within this. */
    private static final long RECHECK_NANOS = java.time.Duration.ofSeconds(5).toNanos();

    private final JdbcTemplate jdbc;
    private volatile long checkedAt;
    private volatile boolean live;

    CadenceVariants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        changed();
    }

    /** An experiment was declared, promoted or ended on this node: the next loop asks again at once. */
    public void changed() {
        checkedAt = System.nanoTime() - RECHECK_NANOS - 1;
    }

    /**
     * Whether any experiment runs or is promoted. Every cadence loop's timer asks for its period; with no experiment
     * (most of the time) that costs no query, but one every few seconds.
     */
    private boolean anyLive() {
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS) {
            live = jdbc.queryForObject("select count(*) from experiment where state in ('running', 'promoted')", Long.class) > 0;
            checkedAt = now;
        }
        return live;
    }

    /** The experiment's period for the account's {@code cadence}, if one applies. */
    public Optional<String> period(String externalId, String cadence) {
        if (!anyLive()) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        jdbc.query("""
                select e.variants, e.state, e.promoted_variant, x.variant from experiment e
                join account a on a.tier = e.tier and a.external_id = ?
                left join experiment_assignment x on x.experiment_id = e.id and x.account_id = a.id
                where e.cadence = ? and e.state in ('running', 'promoted') order by e.id""", (java.sql.ResultSet rs) -> {
            periodOf(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)).ifPresent(found::add);
        }, externalId, cadence);
        return found.stream().findFirst();
    }

    /** Account to cadence to period, for many accounts at once (the calendar). */
    public Map<String, Map<String, String>> periods(Collection<String> externalIds) {
        Map<String, Map<String, String>> periods = new HashMap<>();
        if (!anyLive()) {
            return periods;
        }
        List<String> ids = new ArrayList<>(externalIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.query("select a.external_id, e.cadence, e.variants, e.state, e.promoted_variant, x.variant from experiment e "
                    + "join account a on a.tier = e.tier left join experiment_assignment x on x.experiment_id = e.id "
                    + "and x.account_id = a.id where e.state in ('running', 'promoted') and a.external_id in ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ") order by e.id desc",
                    (java.sql.ResultSet rs) -> {
                        String account = rs.getString(1);
                        String cadence = rs.getString(2);
                        periodOf(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))
                                .ifPresent(p -> periods.computeIfAbsent(account, k -> new HashMap<>()).put(cadence, p));
                    }, chunk.toArray());
        }
        return periods;
    }

    private static Optional<String> periodOf(String variants, String state, String promoted, String assigned) {
        String variant = "promoted".equals(state) ? promoted : assigned;
        if (variant == null) {
            return Optional.empty();
        }
        return Experiment.parseVariants(variants).stream().filter(v -> v.name().equals(variant)).map(Experiment.Variant::every)
                .findFirst();
    }
}
