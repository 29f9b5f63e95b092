package io.touchline.calendar;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.Scope;
import io.touchline.account.Tier;
import io.touchline.calendar.TouchCalendar.Touch;
import io.touchline.capacity.CapacityPlan;

/**
 * The planned-touches read model: each account's touches of the coming {@value #HORIZON_WEEKS} weeks
 * as {@link TouchCalendar} reads them from its journeys and their diagrams, kept as the journeys
 * move instead of worked out again for the whole book on every page. An account whose plan changed
 * is marked stale ({@link io.touchline.journey.PlanChanges}); the planners of every node re-plan stale
 * accounts in the background ({@link PlannerWorkers}), and every account at least once a day and
 * before its plan runs short of the horizon. Per week and owner the touches are also kept counted
 * ({@code planned_load}), so a week summary of a book of a hundred thousand accounts is a sum of a
 * few thousand rows.
 *
 * <p>The pages re-plan the stale accounts they show first, within a budget, and say how many are
 * still being re-planned: a small book is always exact, a large one within seconds of the engine.
 */
@Component
public class PlannedTouches {

    private static final Logger log = LoggerFactory.getLogger(PlannedTouches.class);

    /**
     * How far ahead a plan reaches: the calendar's 52 weeks ("every account knows its next 12
     * months") from this week's Monday, and a week to spare.
     */
    public static final int HORIZON_WEEKS = 53;
    /** A plan is made again when it reaches less far than this (time moves on). */
    static final int MIN_WEEKS_AHEAD = 52;
    /** And at least this often, whatever happened (a journey changed in a way nobody told us). */
    static final Duration REFRESH = Duration.ofDays(1);
    /** A planner's claim on accounts, in real time (a lease between nodes, whatever the engine clock says). */
    private static final Duration CLAIM = Duration.ofMinutes(2);
    /** An account whose plan could not be made is tried again after this. */
    private static final Duration RETRY = Duration.ofSeconds(30);
    /** How long a page waits for stale accounts another planner is planning. */
    private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(2);
    /** The longest the planner gives way to the engine's work. */
    static final Duration GIVE_WAY_AT_MOST = Duration.ofMinutes(5);
    private static final String NONE = "";

    /**
     * One planned touch as the pages list it: {@code date} and {@code at} are when it is to be done
     * (now, on the account's today, for an overdue task). {@code cursor} marks its place in the
     * listing, for the next page.
     */
    public record Planned(LocalDate date, Instant at, String account, String accountName, String tier, String step,
            String touch, String kind, boolean human, String owner, double hours, String source,
            @com.fasterxml.jackson.annotation.JsonIgnore String cursor) {
    }

    /** Touches of one week, owner, kind and tier. */
    public record Load(LocalDate week, String owner, String kind, boolean human, String tier, int touches) {
    }

    /** How current the plans of a scope are: accounts still to re-plan, and when the oldest change was. */
    public record Freshness(int staleAccounts, Instant oldestChange) {
    }

    private final JdbcTemplate jdbc;
    private final TouchCalendar calendar;
    private final AccountRepository accounts;
    private final TransactionTemplate tx;
    private final io.touchline.capacity.CapacityProperties capacity;
    private final String node = "planner-" + UUID.randomUUID().toString().substring(0, 8);

    private final Duration quietPeriod;
    private final io.touchline.engine.EngineTables engine;

    PlannedTouches(JdbcTemplate jdbc, TouchCalendar calendar, AccountRepository accounts, io.touchline.engine.EngineTables engine,
            PlatformTransactionManager transactions, io.touchline.capacity.CapacityProperties capacity,
            @org.springframework.beans.factory.annotation.Value("${touchline.planner.quiet-period:PT2S}") Duration quietPeriod) {
        this.quietPeriod = quietPeriod;
        this.engine = engine;
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.accounts = accounts;
        this.capacity = capacity;
        this.tx = new TransactionTemplate(transactions);
    }

    // ------------------------------------------------------------------ keeping the plans

    /**
     * Re-plans up to {@code max} stale accounts (any scope) whose journeys have been quiet for the
     * quiet period: an account whose timers fire one after the other (its onboarding days at once,
     * after a pause) is planned once, after them, and a burst of timers (thousands at 09:00) is left
     * to the engine until it is done. How many it did.
     */
    public int replanStale(int max) {
        return replan(claim(max, null, EngineClock.now().minus(quietPeriod)));
    }

    /**
     * Whether the planner should give way: timers are due and waiting for the job executor, or an
     * import is enrolling, and no change has waited longer than {@link #GIVE_WAY_AT_MOST}. The
     * customers' and CSMs' touches come first; the calendar follows when the burst is over (the page
     * says how many accounts are still to plan), and never more than that late.
     */
    public boolean shouldGiveWay() {
        Instant now = EngineClock.now();
        if (!engine.jobsWaiting(now) && !importsRunning()) {
            return false;
        }
        Timestamp oldest = jdbc.queryForObject("select min(changed_at) from account_plan where stale = true", Timestamp.class);
        return oldest == null || oldest.toInstant().isAfter(now.minus(GIVE_WAY_AT_MOST));
    }

    private boolean importsRunning() {
        return !jdbc.queryForList("select id from account_import where state in ('checking', 'enrolling') fetch first 1 rows only",
                Long.class).isEmpty();
    }

    /**
     * Marks the plans that reach too short a way ahead, or were made more than a day ago, as stale;
     * how many.
     */
    public int sweep() {
        Instant now = EngineClock.now();
        return jdbc.update("""
                update account_plan set stale = true, changes = changes + 1, changed_at = ?
                where stale = false and (planned_until < ? or planned_at < ?)""", Timestamp.from(now),
                Timestamp.from(now.plus(Duration.ofDays(7L * MIN_WEEKS_AHEAD))), Timestamp.from(now.minus(REFRESH)));
    }

    /**
     * Re-plans the stale accounts in a viewer's scope now, as many as fit in {@code budget}; what is
     * left stale after it.
     */
    public Freshness catchUp(Scope scope, String externalId, Duration budget) {
        sweep();
        long deadline = System.nanoTime() + budget.toNanos();
        long waitedUntil = System.nanoTime() + Math.min(budget.toNanos(), WAIT_FOR_OTHERS.toNanos());
        Freshness freshness = freshness(scope, externalId);
        while (freshness.staleAccounts() > 0 && System.nanoTime() < deadline) {
            List<Claimed> claimed = claim(50, new Filter(scope, externalId), null);
            if (claimed.isEmpty()) {
                if (System.nanoTime() > waitedUntil) {
                    break;
                }
                // the stale ones are being planned by a planner (this node's or another's): a moment for it
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } else {
                replan(claimed);
            }
            freshness = freshness(scope, externalId);
        }
        return freshness;
    }

    public Freshness freshness(Scope scope, String externalId) {
        Filter filter = new Filter(scope, externalId);
        List<Object> args = new ArrayList<>();
        String where = filter.onAccount("a", args);
        return jdbc.queryForObject("select count(*), min(p.changed_at) from account_plan p join account a on a.id = p.account_id "
                + "where p.stale = true and a.status = 'ACTIVE'" + where, (rs, n) -> new Freshness(rs.getInt(1),
                rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()), args.toArray());
    }

    private record Claimed(String externalId, long accountId, long changes) {
    }

    /**
     * Claims up to {@code max} stale accounts (in the filter, if one is given; changed before
     * {@code quietSince}, if given), oldest change first.
     */
    private List<Claimed> claim(int max, Filter filter, Instant quietSince) {
        Instant now = Instant.now();
        List<Object> args = new ArrayList<>();
        String where = filter == null ? "" : filter.onAccount("a", args);
        List<Object> query = new ArrayList<>(List.of(Timestamp.from(now)));
        if (quietSince != null) {
            where += " and (p.changed_at is null or p.changed_at <= ?)";
            args.add(Timestamp.from(quietSince));
        }
        query.addAll(args);
        query.add(max);
        List<String> candidates = jdbc.queryForList("select p.external_id from account_plan p join account a on a.id = p.account_id "
                + "where p.stale = true and (p.claimed_until is null or p.claimed_until < ?)" + where
                + " order by p.changed_at fetch first ? rows only", String.class, query.toArray());
        if (candidates.isEmpty()) {
            return List.of();
        }
        String claim = node + "-" + UUID.randomUUID();
        List<Claimed> claimed = new ArrayList<>();
        for (String id : candidates) {
            if (jdbc.update("update account_plan set claimed_by = ?, claimed_until = ? where external_id = ? and stale = true "
                    + "and (claimed_until is null or claimed_until < ?)", claim, Timestamp.from(now.plus(CLAIM)), id,
                    Timestamp.from(now)) == 1) {
                claimed.addAll(jdbc.query("select external_id, account_id, changes from account_plan where external_id = ?",
                        (rs, n) -> new Claimed(rs.getString(1), rs.getLong(2), rs.getLong(3)), id));
            }
        }
        return claimed;
    }

    /**
     * Works out the claimed accounts' plans from their journeys (outside a transaction: only reads)
     * and writes them in one transaction: the touches, the per-week counts (old ones taken off, new
     * ones added, in key order so two planners cannot wait for each other), and each account's
     * state (still stale if it changed while it was being planned).
     */
    private int replan(List<Claimed> claimed) {
        if (claimed.isEmpty()) {
            return 0;
        }
        Instant now = EngineClock.now();
        Instant until = now.plus(Duration.ofDays(7L * HORIZON_WEEKS));
        Map<Long, Account> byId = new HashMap<>();
        accounts.findAllById(claimed.stream().map(Claimed::accountId).toList()).forEach(a -> byId.put(a.id(), a));
        Map<String, List<Touch>> byAccount = calendar.planEach(byId.values(), until, (account, e) -> {
            // a journey the reader cannot follow: its plan stays as it was, marked stale, and is tried again
            log.warn("Cannot plan the touches of {}: {}; trying again in {} s", account.externalId(), e.getMessage(),
                    RETRY.toSeconds(), e);
            jdbc.update("update account_plan set claimed_until = ? where external_id = ?",
                    Timestamp.from(Instant.now().plus(RETRY)), account.externalId());
        });
        Map<Long, List<Touch>> plans = new HashMap<>();
        for (Claimed c : claimed) {
            Account account = byId.get(c.accountId());
            if (account == null) {
                plans.put(c.accountId(), List.of()); // deleted meanwhile
            } else if (byAccount.containsKey(account.externalId())) {
                plans.put(c.accountId(), byAccount.get(account.externalId()));
            }
        }
        try {
            tx.executeWithoutResult(status -> write(claimed, byId, plans, now, until));
        } catch (RuntimeException e) {
            log.warn("Writing the plans of {} accounts failed ({}); they are tried again", claimed.size(), e.getMessage());
            jdbc.update("update account_plan set claimed_by = null, claimed_until = null where external_id in ("
                    + marks(claimed.size()) + ")", claimed.stream().map(Claimed::externalId).toArray());
            return 0;
        }
        return plans.size();
    }

    private void write(List<Claimed> claimed, Map<Long, Account> byId, Map<Long, List<Touch>> plans, Instant now,
            Instant until) {
        List<Long> ids = new ArrayList<>(plans.keySet());
        Collections.sort(ids);
        if (ids.isEmpty()) {
            return;
        }
        // what changed: a timer that fired takes one touch off the front of a plan and adds one at its end
        Map<Long, Map<List<Object>, List<Integer>>> old = new HashMap<>();
        Map<Long, Integer> lastSeq = new HashMap<>();
        jdbc.query("select account_id, seq, touch_day, due_at, step, touch, kind, human, owner, source, tier, account_csm, "
                + "account_pod from planned_touch where account_id in (" + marks(ids.size()) + ")", rs -> {
                    long id = rs.getLong(1);
                    int seq = rs.getInt(2);
                    List<Object> row = List.of(rs.getDate(3).toLocalDate(), rs.getTimestamp(4).toInstant(), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13));
                    old.computeIfAbsent(id, k -> new HashMap<>()).computeIfAbsent(row, k -> new ArrayList<>()).add(seq);
                    lastSeq.merge(id, seq, Math::max);
                }, ids.toArray());
        Map<List<Object>, Integer> delta = new TreeMap<>(PlannedTouches::compareKeys);
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        for (Long id : ids) {
            Account account = byId.get(id);
            Map<List<Object>, List<Integer>> before = old.getOrDefault(id, Map.of());
            int seq = lastSeq.getOrDefault(id, 0);
            for (Touch t : plans.get(id)) {
                String owner = t.owner() == null ? NONE : t.owner();
                String kind = t.kind() == null ? (t.human() ? NONE : TouchCalendar.KIND_EMAIL) : t.kind();
                String csm = account.csm() == null ? NONE : account.csm();
                String pod = account.pod() == null ? NONE : account.pod();
                String step = truncate(t.step(), 200);
                String name = truncate(t.touch(), 400);
                List<Object> row = List.of(t.date(), t.at(), step, name, kind, t.human(), owner, t.source(),
                        account.tier().code(), csm, pod);
                List<Integer> kept = before.get(row);
                if (kept != null && !kept.isEmpty()) {
                    kept.remove(kept.size() - 1); // already planned so
                    continue;
                }
                LocalDate week = CapacityPlan.mondayOf(t.date());
                inserts.add(new Object[] {id, ++seq, Date.valueOf(t.date()), Date.valueOf(week), Timestamp.from(t.at()),
                        step, name, kind, t.human(), owner, t.source(), account.tier().code(), csm, pod});
                delta.merge(List.of(week, owner, kind, t.human(), account.tier().code(), csm, pod), 1, Integer::sum);
            }
            before.forEach((row, seqs) -> seqs.forEach(gone -> {
                deletes.add(new Object[] {id, gone});
                LocalDate day = (LocalDate) row.get(0);
                delta.merge(List.of(CapacityPlan.mondayOf(day), row.get(6), row.get(4), row.get(5), row.get(8), row.get(9),
                        row.get(10)), -1, Integer::sum);
            }));
        }
        if (!deletes.isEmpty()) {
            jdbc.batchUpdate("delete from planned_touch where account_id = ? and seq = ?", deletes);
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into planned_touch (account_id, seq, touch_day, touch_week, due_at, step, touch, kind, human, owner,
                        source, tier, account_csm, account_pod) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", inserts);
        }
        addLoads(delta);
        for (Claimed c : claimed) {
            if (!plans.containsKey(c.accountId())) {
                continue;
            }
            jdbc.update("""
                    update account_plan set stale = case when changes = ? then false else true end, planned_changes = ?,
                        planned_at = ?, planned_until = ?, claimed_by = null, claimed_until = null where external_id = ?""",
                    c.changes(), c.changes(), Timestamp.from(now), Timestamp.from(until), c.externalId());
        }
    }

    /** Adds the changes to the per-week counts: one batch of updates, then the keys not counted yet. */
    private void addLoads(Map<List<Object>, Integer> delta) {
        List<Object[]> updates = new ArrayList<>();
        for (var change : delta.entrySet()) {
            if (change.getValue() != 0) {
                Object[] args = new Object[change.getKey().size() + 1];
                args[0] = change.getValue();
                for (int i = 0; i < change.getKey().size(); i++) {
                    Object value = change.getKey().get(i);
                    args[i + 1] = value instanceof LocalDate d ? Date.valueOf(d) : value;
                }
                updates.add(args);
            }
        }
        if (updates.isEmpty()) {
            return;
        }
        int[] updated = jdbc.batchUpdate("update planned_load set touches = touches + ? where touch_week = ? and owner = ? "
                + "and kind = ? and human = ? and tier = ? and account_csm = ? and account_pod = ?", updates);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                Object[] args = updates.get(i);
                Object[] insert = new Object[args.length];
                System.arraycopy(args, 1, insert, 0, args.length - 1);
                insert[args.length - 1] = args[0];
                inserts.add(insert);
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("insert into planned_load (touch_week, owner, kind, human, tier, account_csm, account_pod, touches) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?)", inserts);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ reading the plans

    /**
     * Touches per week (from {@code from}, a Monday), owner and kind, in the scope (of one account,
     * of one owner, if given); the ones still to do from before count in the first week.
     */
    public List<Load> load(Scope scope, String externalId, String owner, LocalDate from, int weeks) {
        Filter filter = new Filter(scope, externalId, owner);
        LocalDate end = from.plusWeeks(weeks);
        List<Load> loads = new ArrayList<>();
        if (externalId == null) {
            List<Object> args = new ArrayList<>(List.of(Date.valueOf(from), Date.valueOf(end)));
            String where = filter.onTouch("l", args);
            jdbc.query("select touch_week, owner, kind, human, tier, sum(touches) from planned_load l "
                    + "where touch_week >= ? and touch_week < ? and touches <> 0" + where
                    + " group by touch_week, owner, kind, human, tier", rs -> {
                        loads.add(new Load(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                rs.getString(5), rs.getInt(6)));
                    }, args.toArray());
        } else {
            List<Object> args = new ArrayList<>(List.of(Date.valueOf(from), Date.valueOf(end)));
            String where = filter.onTouch("t", args);
            jdbc.query("select touch_week, owner, kind, human, tier, count(*) from planned_touch t "
                    + "where touch_week >= ? and touch_week < ?" + where + " group by touch_week, owner, kind, human, tier",
                    rs -> {
                        loads.add(new Load(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                rs.getString(5), rs.getInt(6)));
                    }, args.toArray());
        }
        // still to do from before this week (an overdue task): now, in this week
        List<Object> args = new ArrayList<>(List.of(Date.valueOf(from)));
        String where = filter.onTouch("t", args);
        jdbc.query("select owner, kind, human, tier, count(*) from planned_touch t where touch_week < ?" + where
                + " group by owner, kind, human, tier", rs -> {
                    loads.add(new Load(from, rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getInt(5)));
                }, args.toArray());
        return loads;
    }

    /**
     * One page of a week's touches in the scope, in the order the page shows them (the account's own
     * day, then the moment); {@code after} is the cursor of the last touch of the page before (null:
     * from the start). For the week of today, the touches still to do from before it (an overdue
     * task) come first, on today.
     */
    public List<Planned> touches(Scope scope, String externalId, String owner, LocalDate week, String after, int limit) {
        Filter filter = new Filter(scope, externalId, owner);
        Instant now = EngineClock.now();
        LocalDate thisWeek = CapacityPlan.mondayOf(LocalDate.ofInstant(now, ZoneOffset.UTC));
        List<Planned> page = new ArrayList<>();
        if (week.equals(thisWeek) && after == null) {
            List<Object> args = new ArrayList<>(List.of(Date.valueOf(week)));
            String where = filter.onTouch("t", args);
            args.add(limit);
            page.addAll(jdbc.query(SELECT + "where t.touch_week < ?" + where
                    + " order by t.touch_day, t.due_at, t.account_id, t.seq fetch first ? rows only",
                    (rs, n) -> planned(rs, now), args.toArray()));
        }
        if (page.size() >= limit) {
            return page;
        }
        List<Object> args = new ArrayList<>(List.of(Date.valueOf(week)));
        String cursor = "";
        String[] last = after == null ? null : after.split("_");
        if (last != null && last.length == 4) {
            cursor = " and (t.touch_day > ? or (t.touch_day = ? and (t.due_at > ? or (t.due_at = ? and (t.account_id > ? "
                    + "or (t.account_id = ? and t.seq > ?))))))";
            Date day = Date.valueOf(LocalDate.parse(last[0]));
            Timestamp at = Timestamp.from(Instant.ofEpochMilli(Long.parseLong(last[1])));
            long account = Long.parseLong(last[2]);
            args.addAll(List.of(day, day, at, at, account, account, Integer.parseInt(last[3])));
        }
        String where = filter.onTouch("t", args);
        args.add(limit - page.size());
        page.addAll(jdbc.query(SELECT + "where t.touch_week = ?" + cursor + where
                + " order by t.touch_day, t.due_at, t.account_id, t.seq fetch first ? rows only",
                (rs, n) -> planned(rs, now), args.toArray()));
        return page;
    }

    /** The scope's touches until {@code until} (one account's, say), overdue ones first, in page order. */
    public List<Planned> touchesUntil(Scope scope, String externalId, String owner, LocalDate until, int limit) {
        Filter filter = new Filter(scope, externalId, owner);
        Instant now = EngineClock.now();
        List<Object> args = new ArrayList<>(List.of(Date.valueOf(until)));
        String where = filter.onTouch("t", args);
        args.add(limit);
        return jdbc.query(SELECT + "where t.touch_week < ?" + where
                + " order by t.touch_day, t.due_at, t.account_id, t.seq fetch first ? rows only",
                (rs, n) -> planned(rs, now), args.toArray());
    }

    private static final String SELECT = "select t.*, a.external_id, a.name, a.time_zone from planned_touch t "
            + "join account a on a.id = t.account_id ";

    private Planned planned(ResultSet rs, Instant now) throws SQLException {
        String owner = rs.getString("owner");
        String kind = rs.getString("kind");
        boolean human = rs.getBoolean("human");
        LocalDate day = rs.getDate("touch_day").toLocalDate();
        Instant due = rs.getTimestamp("due_at").toInstant();
        boolean overdue = due.isBefore(now);
        String cursor = day + "_" + due.toEpochMilli() + "_" + rs.getLong("account_id") + "_" + rs.getInt("seq");
        return new Planned(overdue ? now.atZone(ZoneId.of(rs.getString("time_zone"))).toLocalDate() : day,
                overdue ? now : due, rs.getString("external_id"), rs.getString("name"), rs.getString("tier"),
                rs.getString("step"), rs.getString("touch"), kind.isEmpty() ? null : kind, human,
                owner.isEmpty() ? null : owner, human ? capacity.effortOf(kind.isEmpty() ? null : kind) : 0,
                rs.getString("source"), cursor);
    }

    /** Active accounts in the scope per tier, dedicated CSM, pod and industry: {tier, csm, pod, count, industry}. */
    public List<Object[]> accountsPerOwner(Scope scope) {
        List<Object> args = new ArrayList<>();
        String where = new Filter(scope, null).onAccount("a", args);
        return jdbc.query("select tier, csm, pod, count(*), industry from account a where status = 'ACTIVE'" + where
                + " group by tier, csm, pod, industry", (rs, n) -> new Object[] {io.touchline.account.Tier.valueOf(rs.getString(1)),
                        rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)}, args.toArray());
    }

    /** Active accounts per tier in the scope. */
    public Map<String, Integer> accountsPerTier(Scope scope) {
        List<Object> args = new ArrayList<>();
        String where = new Filter(scope, null).onAccount("a", args);
        Map<String, Integer> counts = new TreeMap<>();
        jdbc.query("select tier, count(*) from account a where status = 'ACTIVE'" + where + " group by tier",
                rs -> {
                    counts.put(io.touchline.account.Tier.valueOf(rs.getString(1)).code(), rs.getInt(2));
                }, args.toArray());
        return counts;
    }

    /** The owners with planned touches in the scope from {@code from} for {@code weeks} weeks. */
    public List<String> owners(Scope scope, LocalDate from, int weeks) {
        List<Object> args = new ArrayList<>(List.of(Date.valueOf(from), Date.valueOf(from.plusWeeks(weeks))));
        String where = new Filter(scope, null).onTouch("l", args);
        return jdbc.queryForList("select distinct owner from planned_load l where touch_week >= ? and touch_week < ? "
                + "and touches > 0 and owner <> ''" + where + " order by owner", String.class, args.toArray());
    }

    /** The SQL of a scope, on planned touches (their account's owners and tier) and on accounts. */
    private record Filter(Scope scope, String externalId, String owner) {

        Filter(Scope scope, String externalId) {
            this(scope, externalId, null);
        }

        String onTouch(String alias, List<Object> args) {
            StringBuilder where = new StringBuilder();
            if (owner != null) {
                where.append(" and ").append(alias).append(".owner = ?");
                args.add(owner);
            }
            if (externalId != null) {
                where.append(" and ").append(alias).append(".account_id = (select id from account where external_id = ?)");
                args.add(externalId);
            }
            return where.append(visible(alias + ".account_csm", alias + ".account_pod", alias + ".tier", Tier::code, args)).toString();
        }

        String onAccount(String alias, List<Object> args) {
            StringBuilder where = new StringBuilder();
            if (externalId != null) {
                where.append(" and ").append(alias).append(".external_id = ?");
                args.add(externalId);
            }
            // the account table keeps the tier's name (HIGH_TOUCH), the read model its code (high-touch)
            return where.append(visible(alias + ".csm", alias + ".pod", alias + ".tier", Tier::name, args)).toString();
        }

        private String visible(String csm, String pod, String tier, java.util.function.Function<Tier, String> tierValue,
                List<Object> args) {
            return scope.sql(csm, pod, tier, tierValue, args);
        }
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
