package io.touchline.demo;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.touchline.EngineClock;
import io.touchline.experiment.Experiment;
import io.touchline.experiment.Experiments;

/**
 * One running demo experiment, "Tier 2 check-ins: monthly vs every 2 weeks" on the medium-touch demo accounts, as
 * the cadence guide suggests it (it reports attendance going from 35% to 72% when a mid-market team moved to check-ins
 * every two weeks). So that its page has figures on the first start, it began 10 weeks ago and each of its
 * accounts has one made-up check-in call since, held or missed: those calls are demo history, titled and noted as
 * such on the accounts' timelines. Only once.
 */
@Component
class DemoExperiment {

    static final String STARTED_BY = "demo";
    static final String NAME = "Tier 2 check-ins: monthly vs every 2 weeks (demo)";
    private static final Duration AGO = Duration.ofDays(70);

    private static final Logger log = LoggerFactory.getLogger(DemoExperiment.class);

    private final Experiments experiments;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    DemoExperiment(Experiments experiments, JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.experiments = experiments;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    void ensure() {
        if (jdbc.queryForObject("select count(*) from experiment where started_by = ?", Long.class, STARTED_BY) > 0) {
            return;
        }
        Experiment experiment = experiments.declare(new Experiments.Declaration(NAME, "medium-touch", "check-in",
                List.of(new Experiment.Variant("monthly", "P1M", 1), new Experiment.Variant("every-2-weeks", "P14D", 1)), 0,
                Experiment.ATTENDANCE, "check-in-call", 0.35, 0.72), STARTED_BY);
        Instant began = EngineClock.now().minus(AGO);
        transaction.executeWithoutResult(status -> {
            jdbc.update("update experiment set started_at = ? where id = ?", Timestamp.from(began), experiment.id());
            jdbc.update("update experiment_assignment set joined_at = ? where experiment_id = ?", Timestamp.from(began),
                    experiment.id());
            jdbc.update("update touchpoint set occurred_at = ? where kind = 'experiment' and account_id in "
                    + "(select account_id from experiment_assignment where experiment_id = ?)", Timestamp.from(began), experiment.id());
            List<Object[]> members = jdbc.query("select x.account_id, x.variant, a.pod from experiment_assignment x "
                    + "join account a on a.id = x.account_id where x.experiment_id = ? order by a.external_id",
                    (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getString(3) }, experiment.id());
            java.util.Map<Object, Integer> nth = new java.util.HashMap<>();
            for (int i = 0; i < members.size(); i++) {
                Object[] m = members.get(i);
                int n = nth.merge(m[1], 1, Integer::sum);
                // every 2 weeks: four in five held; monthly: about one in three
                boolean held = "every-2-weeks".equals(m[1]) ? n % 5 != 0 : n % 3 == 1;
                jdbc.update("insert into touchpoint (account_id, kind, title, channel, owner, outcome, notes, occurred_at) "
                        + "values (?, 'check-in-call', 'Check-in call (demo history)', 'video-call', ?, ?, ?, ?)", m[0], m[2],
                        held ? "held" : "no-show", "Demo history: made up so the Experiments page has figures on the first "
                                + "start; not a real call.", Timestamp.from(began.plus(Duration.ofDays(14 + 3L * (i % 8)))));
            }
        });
        log.info("Demo experiment '{}' running on the medium-touch accounts, with made-up call history", NAME);
    }
}
