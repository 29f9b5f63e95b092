package io.touchline.experiment;

import java.sql.Timestamp;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.Tier;
import io.touchline.journey.JourneyProcess;
import io.touchline.journey.PlanChanges;
import io.touchline.model.ProcessReading;
import io.touchline.model.TimerExpression;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.web.ConflictException;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;
import io.touchline.web.FieldProblem;

/**
 * Cadence experiments, declared by CS Ops without Java: a tier's loop (a {@code cadence.next} timer of its journey)
 * runs at each variant's period; each account of the tier gets its variant from the experiment and its own id,
 * once, with a line on its timeline; the outcome is read from the touches' forms; CS Ops end it by promoting a
 * variant (every account of the tier then follows it) or by ending it (back to the diagram's).
 */
@Component
public class Experiments {

    /** What CS Ops declare. Rates are shares (0.35 for 35%). */
    public record Declaration(String name, String tier, String cadence, List<Experiment.Variant> variants,
            Integer holdoutPercent, String outcome, String touch, Double baselineRate, Double expectedRate) {
    }

    /** A variant's figures: accounts in it, accounts with an outcome, the rate with its interval, against the control. */
    public record VariantResult(String variant, String every, String loop, long accounts, long withOutcome, long successes, double rate,
            double low, double high, Double differenceToControl) {
    }

    public record Results(Experiment experiment, String tierLabel, List<VariantResult> variants, long heldOut,
            Statistics.Verdict verdict, String following) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RepositoryService repository;
    private final PlanChanges plans;

    private final CadenceVariants cadenceVariants;

    Experiments(JdbcTemplate jdbc, TransactionTemplate transaction, RepositoryService repository, PlanChanges plans,
            CadenceVariants cadenceVariants) {
        this.cadenceVariants = cadenceVariants;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.repository = repository;
        this.plans = plans;
    }

    /** The loops of a tier's journey CS Ops can vary: cadence name to the diagram's period. */
    public Map<String, String> cadencesOf(Tier tier) {
        Map<String, String> cadences = new LinkedHashMap<>();
        for (ProcessReading.Step step : reading(tier).steps().values()) {
            if (step.timer() != null && step.timer().kind() == TimerExpression.Kind.CADENCE) {
                cadences.putIfAbsent(step.timer().cadence(), step.timer().period());
            }
        }
        return cadences;
    }

    /** The forms of a tier's journey whose outcome can decide an experiment. */
    public Set<String> touchesOf(Tier tier) {
        Set<String> forms = new LinkedHashSet<>();
        for (ProcessReading.Step step : reading(tier).steps().values()) {
            if (ProcessReading.TASK.equals(step.kind()) && step.details().get("form") != null) {
                forms.add(step.details().get("form"));
            }
        }
        return forms;
    }

    private ProcessReading reading(Tier tier) {
        String key = JourneyProcess.keyOf(tier);
        ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                .withoutTenantId().singleResult();
        return ProcessReading.of(repository.getBpmnModelInstance(latest.getId()), key);
    }

    /** Declares and starts an experiment: every active account of the tier joins it now, new ones when they enrol. */
    public Experiment declare(Declaration d, String user) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.add(new FieldProblem(null, "name", "give the experiment a name of up to 200 characters"));
        }
        Tier tier = null;
        try {
            tier = d.tier() == null ? null : Tier.ofCode(d.tier());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (tier == null) {
            problems.add(new FieldProblem(null, "tier", "one of high-touch, medium-touch, low-touch, tech-touch"));
            throw new InvalidInputException(problems);
        }
        Map<String, String> cadences = cadencesOf(tier);
        if (d.cadence() == null || !cadences.containsKey(d.cadence())) {
            problems.add(new FieldProblem(null, "cadence", "the " + tier.code() + " journey loops on " + String.join(", ",
                    cadences.keySet()) + (d.cadence() == null ? "" : ", not '" + d.cadence() + "'")));
        }
        List<Experiment.Variant> variants = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<Experiment.Variant> given = d.variants() == null ? List.of() : d.variants();
        if (given.size() < 2 || given.size() > 5) {
            problems.add(new FieldProblem(null, "variants", "2 to 5 variants, the first being the control"));
        }
        for (int i = 0; i < given.size(); i++) {
            Experiment.Variant v = given.get(i);
            String variantName = v.name() == null ? "" : v.name().strip().toLowerCase(Locale.ROOT);
            if (!variantName.matches("[a-z0-9][a-z0-9-]{0,39}") || variantName.equals(Experiment.HOLDOUT)
                    || !names.add(variantName)) {
                problems.add(new FieldProblem(null, "variants[" + i + "].name", "a short name of letters, digits and dashes, "
                        + "different for each variant and not 'holdout' (e.g. monthly, every-2-weeks)"));
            }
            String every = v.every() == null ? "" : v.every().strip();
            try {
                Period period = Period.parse(every);
                if (period.isNegative() || period.isZero()) {
                    throw new DateTimeParseException("not positive", every, 0);
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(null, "variants[" + i + "].every", "a period such as P1M or P14D, not '" + every + "'"));
            }
            int weight = v.weight() <= 0 ? 1 : v.weight();
            if (weight > 100) {
                problems.add(new FieldProblem(null, "variants[" + i + "].weight", "a share of 1 to 100"));
            }
            variants.add(new Experiment.Variant(variantName, every, weight));
        }
        int holdout = d.holdoutPercent() == null ? 0 : d.holdoutPercent();
        if (holdout < 0 || holdout > 50) {
            problems.add(new FieldProblem(null, "holdoutPercent", "0 to 50 (the share of accounts that keep the diagram's cadence "
                    + "and are not counted)"));
        }
        String outcome = d.outcome() == null ? Experiment.ATTENDANCE : d.outcome();
        if (!Experiment.ATTENDANCE.equals(outcome)) {
            problems.add(new FieldProblem(null, "outcome", "'attendance' (the touch held, from its form) is the outcome "
                    + "Touchline measures for experiments so far, not '" + outcome + "'"));
        }
        Set<String> touches = touchesOf(tier);
        if (d.touch() == null || !touches.contains(d.touch())) {
            problems.add(new FieldProblem(null, "touch", "a form of the " + tier.code() + " journey: " + String.join(", ", touches)));
        }
        double baseline = d.baselineRate() == null ? -1 : d.baselineRate();
        double expected = d.expectedRate() == null ? -1 : d.expectedRate();
        if (!(baseline > 0 && baseline < 1)) {
            problems.add(new FieldProblem(null, "baselineRate", "today's rate as a share between 0 and 1 (0.35 for 35%)"));
        }
        if (!(expected > 0 && expected < 1) || expected == baseline) {
            problems.add(new FieldProblem(null, "expectedRate", "the rate you want to be able to detect, between 0 and 1 and "
                    + "different from the baseline"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int sample = Statistics.sampleSize(baseline, expected, variants.size() - 1);
        Tier declaredTier = tier;
        Long id = transaction.execute(status -> {
            Long running = jdbc.queryForObject("select count(*) from experiment where tier = ? and cadence = ? "
                    + "and state in (?, ?)", Long.class, declaredTier.name(), d.cadence(), Experiment.RUNNING, Experiment.PROMOTED);
            if (running > 0) {
                throw new ConflictException("cadence", "an experiment on the " + declaredTier.code() + " '" + d.cadence()
                        + "' loop is already running or promoted: end it first");
            }
            String key = uniqueKey(name);
            var keyHolder = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.update(c -> {
                var ps = c.prepareStatement("insert into experiment (experiment_key, name, tier, cadence, variants, "
                        + "holdout_percent, outcome, touch, baseline_rate, expected_rate, sample_per_variant, state, "
                        + "started_by, started_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] { "id" });
                ps.setString(1, key);
                ps.setString(2, name);
                ps.setString(3, declaredTier.name());
                ps.setString(4, d.cadence());
                ps.setString(5, Experiment.variantLines(variants));
                ps.setInt(6, holdout);
                ps.setString(7, outcome);
                ps.setString(8, d.touch());
                ps.setDouble(9, baseline);
                ps.setDouble(10, expected);
                ps.setInt(11, sample);
                ps.setString(12, Experiment.RUNNING);
                ps.setString(13, user);
                ps.setTimestamp(14, Timestamp.from(EngineClock.now()));
                return ps;
            }, keyHolder);
            return keyHolder.getKey().longValue();
        });
        cadenceVariants.changed();
        Experiment experiment = get(id);
        List<Object[]> book = jdbc.query("select id, external_id from account where tier = ? and status = 'ACTIVE' order by id",
                (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) }, tier.name());
        for (int from = 0; from < book.size(); from += 500) {
            List<Object[]> part = book.subList(from, Math.min(book.size(), from + 500));
            transaction.executeWithoutResult(status -> join(experiment, part));
        }
        return experiment;
    }

    private String uniqueKey(String name) {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        base = base.isEmpty() ? "experiment" : base.substring(0, Math.min(60, base.length()));
        String key = base;
        for (int n = 2; jdbc.queryForObject("select count(*) from experiment where experiment_key = ?", Long.class, key) > 0; n++) {
            key = base + "-" + n;
        }
        return key;
    }

    /**
     * On every node, every minute: the active accounts of a running experiment's tier that have not joined it (a
     * declaration cut short by a crash or a restart, an account that came back to the tier by the CRM's hand) join
     * now, 500 at a time. Two nodes joining the same accounts: one insert wins, the other's round is rolled back and
     * finds nothing left next time.
     */
    @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "PT30S",
            fixedDelayString = "${touchline.experiments.catch-up-interval:PT1M}")
    public void catchUp() {
        for (Long id : jdbc.queryForList("select id from experiment where state = ?", Long.class, Experiment.RUNNING)) {
            try {
                Experiment experiment = get(id);
                List<Object[]> missing;
                do {
                    // not an account enrolling right now: its own enrolment joins it, in its transaction
                    missing = jdbc.query("select a.id, a.external_id from account a where a.tier = ? and a.status = 'ACTIVE' "
                            + "and a.created_at < ? and not exists (select 1 from experiment_assignment x where "
                            + "x.experiment_id = ? and x.account_id = a.id) order by a.id fetch first 500 rows only",
                            (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) }, experiment.tier(),
                            Timestamp.from(EngineClock.now().minusSeconds(60)), id);
                    List<Object[]> part = missing;
                    if (!part.isEmpty()) {
                        transaction.executeWithoutResult(status -> join(experiment, part));
                    }
                } while (missing.size() == 500);
            } catch (org.springframework.dao.DataAccessException e) {
                org.slf4j.LoggerFactory.getLogger(Experiments.class).warn("Experiment {}: accounts not joined this round: {}",
                        id, e.toString());
            }
        }
    }

    /** An account starts its tier's journey (enrolment, a tier change): it joins the tier's running experiments. */
    public void joinRunning(Account account) {
        List<Experiment> running = jdbc.queryForList("select id from experiment where tier = ? and state = ?", Long.class,
                account.tier().name(), Experiment.RUNNING).stream().map(this::get).toList();
        for (Experiment experiment : running) {
            join(experiment, List.<Object[]>of(new Object[] { account.id(), account.externalId() }));
        }
    }

    /** The accounts (id, external id) join: their variant, when, and a line on each timeline; once per account. */
    private void join(Experiment experiment, List<Object[]> accounts) {
        Set<Long> already = new java.util.HashSet<>();
        jdbc.query("select account_id from experiment_assignment where experiment_id = ? and account_id in ("
                + String.join(", ", java.util.Collections.nCopies(accounts.size(), "?")) + ")", (java.sql.ResultSet rs) -> {
                    already.add(rs.getLong(1));
                }, java.util.stream.Stream.concat(java.util.stream.Stream.of((Object) experiment.id()),
                        accounts.stream().map(a -> a[0])).toArray());
        Timestamp now = Timestamp.from(EngineClock.now());
        String diagram = cadencesOf(Tier.valueOf(experiment.tier())).get(experiment.cadence());
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> lines = new ArrayList<>();
        for (Object[] account : accounts) {
            if (already.contains((Long) account[0])) {
                continue;
            }
            String variant = experiment.variantOf((String) account[1]);
            rows.add(new Object[] { experiment.id(), account[0], variant, now });
            String every = experiment.variants().stream().filter(v -> v.name().equals(variant)).map(Experiment.Variant::every)
                    .findFirst().orElse(diagram);
            String title = "Joined the experiment '" + experiment.name() + "' as '" + variant + "'";
            lines.add(new Object[] { account[0], "experiment", title.length() > 200 ? title.substring(0, 199) + "…" : title,
                    "system", Touchpoint.OWNER_AUTOMATED, experiment.cadence() + " " + TimerExpression.every(every) + " ("
                            + every + ")" + (every.equals(diagram) ? ", as the diagram has it" : " instead of the diagram's "
                                    + TimerExpression.every(diagram) + " (" + diagram + ")")
                            + ", from the next one on", now });
            plans.changed((String) account[1]);
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into experiment_assignment (experiment_id, account_id, variant, joined_at) values (?, ?, ?, ?)",
                    rows);
            jdbc.batchUpdate("insert into touchpoint (account_id, kind, title, channel, owner, notes, occurred_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?)", lines);
        }
    }

    public Experiment get(long id) {
        List<Experiment> found = jdbc.query("select * from experiment where id = ?", (rs, n) -> new Experiment(rs.getLong("id"),
                rs.getString("experiment_key"), rs.getString("name"), rs.getString("tier"), rs.getString("cadence"),
                Experiment.parseVariants(rs.getString("variants")), rs.getInt("holdout_percent"), rs.getString("outcome"),
                rs.getString("touch"), rs.getDouble("baseline_rate"), rs.getDouble("expected_rate"),
                rs.getInt("sample_per_variant"), rs.getString("state"), rs.getString("promoted_variant"),
                rs.getString("started_by"), rs.getTimestamp("started_at").toInstant(), rs.getString("ended_by"),
                rs.getTimestamp("ended_at") == null ? null : rs.getTimestamp("ended_at").toInstant()), id);
        if (found.isEmpty()) {
            throw new NotFoundException("No experiment " + id);
        }
        return found.get(0);
    }

    public List<Results> all() {
        return jdbc.queryForList("select id from experiment order by id desc", Long.class).stream().map(this::results).toList();
    }

    /**
     * Where the experiment stands: per variant its accounts and outcome rate (the account's first touch of the
     * measured form after it joined: held or not), against the control; the verdict on the first accounts of each
     * variant to have an outcome, once each has the declared sample.
     */
    public Results results(long id) {
        Experiment experiment = get(id);
        Map<String, Long> accounts = new HashMap<>();
        jdbc.query("select variant, count(*) from experiment_assignment where experiment_id = ? group by variant",
                (java.sql.ResultSet rs) -> {
                    accounts.put(rs.getString(1), rs.getLong(2));
                }, id);
        // each account's first touch of the form after it joined, in the order the outcomes came
        Map<Long, Boolean> first = new LinkedHashMap<>();
        Map<Long, String> variantOf = new HashMap<>();
        jdbc.query("""
                select x.account_id, x.variant, t.outcome from experiment_assignment x
                join touchpoint t on t.account_id = x.account_id and t.kind = ? and t.occurred_at >= x.joined_at
                where x.experiment_id = ? and t.outcome is not null order by t.occurred_at, t.id""", (java.sql.ResultSet rs) -> {
            long account = rs.getLong(1);
            if (!first.containsKey(account)) {
                first.put(account, "held".equals(rs.getString(3)));
                variantOf.put(account, rs.getString(2));
            }
        }, experiment.touch(), id);
        Map<String, List<Boolean>> outcomes = new LinkedHashMap<>();
        experiment.variants().forEach(v -> outcomes.put(v.name(), new ArrayList<>()));
        first.forEach((account, held) -> {
            List<Boolean> arm = outcomes.get(variantOf.get(account));
            if (arm != null) {
                arm.add(held);
            }
        });
        List<VariantResult> results = new ArrayList<>();
        Double controlRate = null;
        List<Statistics.Arm> arms = new ArrayList<>();
        for (Experiment.Variant v : experiment.variants()) {
            List<Boolean> arm = outcomes.get(v.name());
            long yes = arm.stream().filter(Boolean::booleanValue).count();
            Statistics.Rate rate = Statistics.rate(yes, arm.size());
            if (controlRate == null) {
                controlRate = arm.isEmpty() ? null : rate.rate();
            }
            Double difference = controlRate == null || arm.isEmpty() || results.isEmpty() ? null : rate.rate() - controlRate;
            results.add(new VariantResult(v.name(), v.every(), experiment.cadence() + " " + TimerExpression.every(v.every())
                    + " (" + v.every() + ")", accounts.getOrDefault(v.name(), 0L), arm.size(), yes,
                    rate.rate(), rate.low(), rate.high(), difference));
            boolean[] array = new boolean[arm.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = arm.get(i);
            }
            arms.add(new Statistics.Arm(v.name(), array));
        }
        Statistics.Verdict verdict = Statistics.verdict(arms, experiment.samplePerVariant());
        String following = switch (experiment.state()) {
            case Experiment.PROMOTED -> "every " + Tier.valueOf(experiment.tier()).code() + " account follows '"
                    + experiment.promotedVariant() + "'";
            case Experiment.ENDED -> "ended: every account follows the diagram again";
            default -> "running";
        };
        return new Results(experiment, Tier.valueOf(experiment.tier()).label(), results,
                accounts.getOrDefault(Experiment.HOLDOUT, 0L), verdict, following);
    }

    /** Ends the experiment with a variant every account of the tier then follows (until the diagram changes). */
    public Results promote(long id, String variant, String user) {
        Experiment experiment = get(id);
        if (!Experiment.RUNNING.equals(experiment.state())) {
            throw new ConflictException("id", "experiment " + id + " is " + experiment.state() + ", not running");
        }
        if (experiment.variants().stream().noneMatch(v -> v.name().equals(variant))) {
            throw new InvalidInputException("variant", "one of " + String.join(", ",
                    experiment.variants().stream().map(Experiment.Variant::name).toList()));
        }
        close(experiment, Experiment.PROMOTED, variant, user);
        return results(id);
    }

    /** Ends the experiment without a winner: every account follows the diagram's cadence again. */
    public Results end(long id, String user) {
        Experiment experiment = get(id);
        if (!Experiment.RUNNING.equals(experiment.state()) && !Experiment.PROMOTED.equals(experiment.state())) {
            throw new ConflictException("id", "experiment " + id + " has already ended");
        }
        close(experiment, Experiment.ENDED, experiment.promotedVariant(), user);
        return results(id);
    }

    private void close(Experiment experiment, String state, String variant, String user) {
        transaction.executeWithoutResult(status -> {
            jdbc.update("update experiment set state = ?, promoted_variant = ?, ended_by = ?, ended_at = ? where id = ?",
                    state, variant, user, Timestamp.from(EngineClock.now()), experiment.id());
            cadenceVariants.changed();
            jdbc.queryForList("select external_id from account where tier = ? and status = 'ACTIVE'", String.class,
                    experiment.tier()).forEach(plans::changed);
        });
    }

    /** An account of a variant: when it joined, and the outcome of its first measured touch after (null: none yet). */
    public record Member(String account, String name, java.time.Instant joinedAt, String outcome) {
    }

    /** The accounts behind a variant's figures, in the order they joined. */
    public List<Member> accounts(long id, String variant) {
        Experiment experiment = get(id);
        return jdbc.query("""
                select a.external_id, a.name, x.joined_at,
                  (select t.outcome from touchpoint t where t.account_id = x.account_id and t.kind = ? and t.occurred_at >= x.joined_at
                   and t.outcome is not null order by t.occurred_at, t.id fetch first 1 rows only)
                from experiment_assignment x join account a on a.id = x.account_id
                where x.experiment_id = ? and x.variant = ? order by x.joined_at, a.external_id""", (rs, n) -> new Member(
                        rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)),
                experiment.touch(), id, variant);
    }
}
