package io.touchline.results;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.EngineClock;
import io.touchline.account.Scope;
import io.touchline.account.Tier;
import io.touchline.model.DecisionTables;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.web.InvalidInputException;

/**
 * The touch model measured against its targets (touch model section 9), per tier, for a period of months and an
 * owner: business review attendance, scheduled call attendance and reschedule rate from the outcomes CSMs enter in
 * the forms, and NPS per tier from the answers the events API received. Targets come from {@code
 * results-targets.dmn}, which CS Ops edit beside the diagrams. Counted in the database, grouped by tier and month.
 * A call is a touch a person recorded through a form (an automated email's "held" means held back, not held).
 */
@Component
public class Results {

    public static final String REVIEW_ATTENDANCE = "business-review-attendance";
    public static final String CALL_ATTENDANCE = "call-attendance";
    public static final String RESCHEDULE_RATE = "reschedule-rate";
    static final String TARGETS = "results-targets";
    private static final String REVIEW_FORM = "business-review";

    private static final Map<String, String> LABELS = Map.of(REVIEW_ATTENDANCE, "Business review attendance",
            CALL_ATTENDANCE, "Scheduled call attendance", RESCHEDULE_RATE, "Reschedule rate");

    /** A share in one month: the calls (or reviews) scheduled and those that count ({@code hits}). */
    public record Month(String month, long scheduled, long hits, Double value) {
    }

    /** A measure for a tier: the period's value with its target, and its months. */
    public record Figure(String measure, String label, String tier, long scheduled, long hits, Double value, Double floor,
            Double goal, String status, List<Month> months) {
    }

    public record Nps(String tier, long answers, long promoters, long passives, long detractors, Double nps) {
    }

    /**
     * A tier's automated emails delivered in the period: opened by a person, clicked, and fetched only by a privacy
     * proxy (not counted as opened); the rates against their targets.
     */
    public record Emails(String tier, long delivered, long opened, long clicked, long proxyOnly, Double openRate,
            Double clickRate, Double openFloor, Double openGoal, Double clickFloor, String openStatus, String clickStatus) {
    }

    /** A tier's contacts at the webinars that started in the period: invited, registered, attended; rates against targets. */
    public record Webinars(String tier, long invited, long registered, long attended, Double registrationRate,
            Double attendanceRate, Double registrationFloor, Double attendanceFloor, String registrationStatus,
            String attendanceStatus) {
    }

    public record Report(LocalDate from, LocalDate to, int months, String owner, List<Figure> figures, List<Emails> emails,
            List<Webinars> webinars, List<Nps> nps, List<String> warnings) {
    }

    /** An account behind a figure: its calls scheduled and held in the period. */
    public record AccountFigure(String account, String name, String tier, String owner, long scheduled, long held,
            long noShows, long rescheduled) {
    }

    private final JdbcTemplate jdbc;
    private final DecisionTables decisions;
    private final ObjectMapper json;

    Results(JdbcTemplate jdbc, DecisionTables decisions, ObjectMapper json) {
        this.jdbc = jdbc;
        this.decisions = decisions;
        this.json = json;
    }

    /** The last {@code months} calendar months up to today (the current one included), for {@code owner} or everyone. */
    public Report report(int months, String owner, Scope scope) {
        if (months < 1 || months > 24) {
            throw new InvalidInputException("months", "1 to 24 months, not " + months);
        }
        LocalDate today = EngineClock.today(ZoneOffset.UTC);
        YearMonth last = YearMonth.from(today);
        YearMonth first = last.minusMonths(months - 1);
        YearMonth trendFirst = last.minusMonths(Math.max(months, 6) - 1);
        List<Object> args = new ArrayList<>();
        args.add(Timestamp.from(trendFirst.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        args.add(end(last));
        String where = filter(owner, scope, args);
        // tier, review or not, outcome, month: counted by the database
        Map<String, Map<String, Map<YearMonth, long[]>>> counts = new HashMap<>(); // tier -> measure -> month -> [scheduled, hits]
        jdbc.query("select a.tier, case when t.kind = '" + REVIEW_FORM + "' then 1 else 0 end, t.outcome, "
                + "extract(year from t.occurred_at), extract(month from t.occurred_at), count(*) from touchpoint t "
                + "join account a on a.id = t.account_id where t.outcome in ('held', 'no-show', 'rescheduled') and t.owner <> '" + Touchpoint.OWNER_AUTOMATED + "' "
                + "and t.occurred_at >= ? and t.occurred_at < ?" + where + " group by a.tier, case when t.kind = '" + REVIEW_FORM + "' then 1 else 0 end, "
                + "t.outcome, extract(year from t.occurred_at), extract(month from t.occurred_at)", (java.sql.ResultSet rs) -> {
                    String tier = Tier.valueOf(rs.getString(1)).code();
                    boolean review = rs.getInt(2) == 1;
                    String outcome = rs.getString(3);
                    YearMonth month = YearMonth.of(rs.getInt(4), rs.getInt(5));
                    long n = rs.getLong(6);
                    Map<String, Map<YearMonth, long[]>> byMeasure = counts.computeIfAbsent(tier, k -> new HashMap<>());
                    add(byMeasure, CALL_ATTENDANCE, month, n, "held".equals(outcome));
                    add(byMeasure, RESCHEDULE_RATE, month, n, "rescheduled".equals(outcome));
                    if (review) {
                        add(byMeasure, REVIEW_ATTENDANCE, month, n, "held".equals(outcome));
                    }
                }, args.toArray());
        List<Figure> figures = new ArrayList<>();
        for (String measure : List.of(REVIEW_ATTENDANCE, CALL_ATTENDANCE, RESCHEDULE_RATE)) {
            for (Tier tier : Tier.values()) {
                Map<YearMonth, long[]> byMonth = counts.getOrDefault(tier.code(), Map.of()).getOrDefault(measure, Map.of());
                Map<String, Object> target = decisions.first(TARGETS, Map.of("measure", measure, "tier", tier.code()))
                        .orElse(Map.of());
                Double floor = number(target.get("floor"));
                Double goal = number(target.get("goal"));
                if (byMonth.isEmpty() && floor == null) {
                    continue; // nothing to show: no such touches in this tier and no target for it
                }
                long scheduled = 0;
                long hits = 0;
                List<Month> trend = new ArrayList<>();
                for (YearMonth m = trendFirst; !m.isAfter(last); m = m.plusMonths(1)) {
                    long[] c = byMonth.getOrDefault(m, new long[2]);
                    trend.add(new Month(m.toString(), c[0], c[1], c[0] == 0 ? null : (double) c[1] / c[0]));
                    if (!m.isBefore(first)) {
                        scheduled += c[0];
                        hits += c[1];
                    }
                }
                Double value = scheduled == 0 ? null : (double) hits / scheduled;
                String status = status(value, floor, goal, scheduled, minimum(target));
                figures.add(new Figure(measure, LABELS.get(measure), tier.code(), scheduled, hits, value, floor, goal, status, trend));
            }
        }
        List<Nps> nps = nps(first, last, owner, scope);
        return new Report(first.atDay(1), today, months, owner, figures, emails(first, last, owner, scope),
                webinars(first, last, owner, scope), nps, warnings(nps));
    }

    /** The end of a period that ends with {@code last}: the first moment of the month after. */
    private static Timestamp end(YearMonth last) {
        return Timestamp.from(last.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static void add(Map<String, Map<YearMonth, long[]>> byMeasure, String measure, YearMonth month, long n, boolean hit) {
        long[] c = byMeasure.computeIfAbsent(measure, k -> new HashMap<>()).computeIfAbsent(month, k -> new long[2]);
        c[0] += n;
        if (hit) {
            c[1] += n;
        }
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private String filter(String owner, Scope scope, List<Object> args) {
        String where = scope.sql("a.csm", "a.pod", "a.tier", Tier::name, args);
        if (owner != null && !owner.isBlank()) {
            where += " and (a.csm = ? or a.pod = ?)";
            args.add(owner);
            args.add(owner);
        }
        return where;
    }

    private List<Emails> emails(YearMonth first, YearMonth last, String owner, Scope scope) {
        List<Object> args = new ArrayList<>();
        args.add(Timestamp.from(first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        args.add(end(last));
        String where = filter(owner, scope, args);
        Map<String, long[]> byTier = new HashMap<>();
        jdbc.query("select a.tier, count(*), "
                + "sum(case when exists (select 1 from email_engagement e where e.message_id = m.id and e.kind = 'open') then 1 else 0 end), "
                + "sum(case when exists (select 1 from email_engagement e where e.message_id = m.id and e.kind = 'click') then 1 else 0 end), "
                + "sum(case when exists (select 1 from email_engagement e where e.message_id = m.id and e.kind = 'machine-open') "
                + "and not exists (select 1 from email_engagement e where e.message_id = m.id and e.kind = 'open') then 1 else 0 end) "
                + "from outbox_message m join account a on a.id = m.account_id where m.sent_at >= ? and m.sent_at < ?" + where + " group by a.tier",
                (java.sql.ResultSet rs) -> {
                    byTier.put(Tier.valueOf(rs.getString(1)).code(), new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5) });
                }, args.toArray());
        List<Emails> rows = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            long[] c = byTier.getOrDefault(tier.code(), new long[4]);
            Map<String, Object> open = decisions.first(TARGETS, Map.of("measure", "email-open-rate", "tier", tier.code())).orElse(Map.of());
            Map<String, Object> click = decisions.first(TARGETS, Map.of("measure", "email-click-rate", "tier", tier.code())).orElse(Map.of());
            Double openRate = c[0] == 0 ? null : (double) c[1] / c[0];
            Double clickRate = c[0] == 0 ? null : (double) c[2] / c[0];
            rows.add(new Emails(tier.code(), c[0], c[1], c[2], c[3], openRate, clickRate, number(open.get("floor")),
                    number(open.get("goal")), number(click.get("floor")), status(openRate, number(open.get("floor")),
                            number(open.get("goal")), c[0], minimum(open)),
                    status(clickRate, number(click.get("floor")), number(click.get("goal")), c[0], minimum(click))));
        }
        return rows;
    }

    /**
     * Per tier, over the webinars that started in the period (and before now): the contacts invited (an invitation
     * written for them), those the webinar tool reported registered, and attended.
     */
    private List<Webinars> webinars(YearMonth first, YearMonth last, String owner, Scope scope) {
        List<Object> args = new ArrayList<>();
        Timestamp from = Timestamp.from(first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp now = Timestamp.from(EngineClock.now());
        Timestamp to = end(last).before(now) ? end(last) : now;
        args.add(from);
        args.add(to);
        String where = filter(owner, scope, args);
        Map<String, long[]> byTier = new HashMap<>();
        jdbc.query("select a.tier, count(distinct m.id) from webinar w join outbox_message m on m.id like concat('webinar-', "
                + "cast(w.id as varchar(20)), '/Send_Invitations/%') join account a on a.id = m.account_id "
                + "where w.status = 'SCHEDULED' and w.starts_at >= ? and w.starts_at < ?" + where + " group by a.tier",
                (java.sql.ResultSet rs) -> {
                    byTier.computeIfAbsent(Tier.valueOf(rs.getString(1)).code(), k -> new long[3])[0] = rs.getLong(2);
                }, args.toArray());
        jdbc.query("select a.tier, sum(case when x.registered then 1 else 0 end), sum(case when x.attended then 1 else 0 end) "
                + "from webinar w join webinar_attendee x on x.webinar_id = w.id join account a on a.id = x.account_id "
                + "where w.status = 'SCHEDULED' and w.starts_at >= ? and w.starts_at < ?" + where + " group by a.tier",
                (java.sql.ResultSet rs) -> {
                    long[] c = byTier.computeIfAbsent(Tier.valueOf(rs.getString(1)).code(), k -> new long[3]);
                    c[1] = rs.getLong(2);
                    c[2] = rs.getLong(3);
                }, args.toArray());
        List<Webinars> rows = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            long[] c = byTier.get(tier.code());
            if (c == null) {
                continue; // no webinar for this tier in the period
            }
            Double registration = c[0] == 0 ? null : (double) c[1] / c[0];
            Double attendance = c[1] == 0 ? null : (double) c[2] / c[1];
            Map<String, Object> registrationTarget = decisions.first(TARGETS, Map.of("measure", "webinar-registration", "tier",
                    tier.code())).orElse(Map.of());
            Map<String, Object> attendanceTarget = decisions.first(TARGETS, Map.of("measure", "webinar-attendance", "tier",
                    tier.code())).orElse(Map.of());
            Double registrationFloor = number(registrationTarget.get("floor"));
            Double attendanceFloor = number(attendanceTarget.get("floor"));
            rows.add(new Webinars(tier.code(), c[0], c[1], c[2], registration, attendance, registrationFloor, attendanceFloor,
                    status(registration, registrationFloor, null, c[0], minimum(registrationTarget)),
                    status(attendance, attendanceFloor, null, c[1], minimum(attendanceTarget))));
        }
        return rows;
    }

    /** How many a figure needs before it is judged against its target (results-targets.dmn, "Judged from"). */
    private static Long minimum(Map<String, Object> target) {
        return target.get("minimum") instanceof Number n ? n.longValue() : null;
    }

    private static String status(Double value, Double floor, Double goal, long count, Long minimum) {
        if (value != null && floor != null && minimum != null && count < minimum) {
            return "too few to judge (" + count + " of at least " + minimum + ")";
        }
        return value == null ? "no data" : floor == null ? "no target"
                : value < floor ? "below target" : goal != null && value < goal ? "above the floor, below the goal" : "on target";
    }

    /** NPS per tier from the answers in the period: % promoters (9-10) minus % detractors (0-6). */
    private List<Nps> nps(YearMonth first, YearMonth last, String owner, Scope scope) {
        List<Object> args = new ArrayList<>();
        args.add(Timestamp.from(first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        args.add(end(last));
        String where = filter(owner, scope, args);
        Map<String, long[]> byTier = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            byTier.put(tier.code(), new long[3]);
        }
        jdbc.query("select a.tier, e.payload from account_event e join account a on a.id = e.account_id "
                + "where e.type = 'nps-answer' and e.outcome = 'APPLIED' and e.occurred_at >= ? and e.occurred_at < ?" + where, (java.sql.ResultSet rs) -> {
                    try {
                        JsonNode score = json.readTree(rs.getString(2)).path("score");
                        if (score.isInt()) {
                            long[] c = byTier.get(Tier.valueOf(rs.getString(1)).code());
                            c[score.asInt() >= 9 ? 0 : score.asInt() >= 7 ? 1 : 2]++;
                        }
                    } catch (java.io.IOException e) {
                        // an answer the events API took is JSON; one that is not counts for nothing
                    }
                }, args.toArray());
        List<Nps> rows = new ArrayList<>();
        byTier.forEach((tier, c) -> {
            long answers = c[0] + c[1] + c[2];
            rows.add(new Nps(tier, answers, c[0], c[1], c[2], answers == 0 ? null : Math.round(100.0 * (c[0] - c[2]) / answers) * 1.0));
        });
        return rows;
    }

    /**
     * Touch model 9: "Tier 3 NPS above Tier 1 hints that high-touch overwhelms". Only once both tiers have the
     * answers results-targets.dmn asks of an NPS comparison: a handful of answers says little.
     */
    List<String> warnings(List<Nps> nps) {
        List<String> warnings = new ArrayList<>();
        for (int higher = 0; higher < nps.size(); higher++) {
            for (int lower = higher + 1; lower < nps.size(); lower++) {
                Nps h = nps.get(higher);
                Nps l = nps.get(lower);
                if (h.nps() != null && l.nps() != null && h.answers() >= npsMinimum(h.tier()) && l.answers() >= npsMinimum(l.tier())
                        && l.nps() > h.nps()) {
                    warnings.add(String.format(java.util.Locale.ENGLISH, "%s NPS (%+.0f, %d answers) is above %s (%+.0f, %d "
                            + "answers): more touch is not landing better; is the %s cadence too much?", Tier.ofCode(l.tier()).label(),
                            l.nps(), l.answers(), Tier.ofCode(h.tier()).label(), h.nps(), h.answers(), Tier.ofCode(h.tier()).label()
                                    .toLowerCase(java.util.Locale.ENGLISH)));
                }
            }
        }
        return warnings;
    }

    private long npsMinimum(String tier) {
        Long minimum = minimum(decisions.first(TARGETS, Map.of("measure", "nps-comparison", "tier", tier)).orElse(Map.of()));
        return minimum == null ? 1 : minimum;
    }

    /** The accounts behind a tier's call figures in the period, those with the lowest attendance first. */
    public List<AccountFigure> accounts(String tierCode, int months, String owner, Scope scope, boolean reviewsOnly) {
        Tier tier;
        try {
            tier = Tier.ofCode(tierCode);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("tier", "one of high-touch, medium-touch, low-touch, tech-touch");
        }
        if (months < 1 || months > 24) {
            throw new InvalidInputException("months", "1 to 24 months, not " + months);
        }
        YearMonth last = YearMonth.from(EngineClock.today(ZoneOffset.UTC));
        YearMonth first = last.minusMonths(months - 1);
        List<Object> args = new ArrayList<>();
        args.add(tier.name());
        args.add(Timestamp.from(first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        args.add(end(last));
        String where = filter(owner, scope, args);
        return jdbc.query("select a.external_id, a.name, coalesce(a.csm, a.pod), count(*), "
                + "sum(case when t.outcome = 'held' then 1 else 0 end), sum(case when t.outcome = 'no-show' then 1 else 0 end), "
                + "sum(case when t.outcome = 'rescheduled' then 1 else 0 end) from touchpoint t join account a on a.id = t.account_id "
                + "where a.tier = ? and t.outcome in ('held', 'no-show', 'rescheduled') and t.owner <> '" + Touchpoint.OWNER_AUTOMATED + "' and t.occurred_at >= ? and t.occurred_at < ?"
                + (reviewsOnly ? " and t.kind = '" + REVIEW_FORM + "'" : "") + where
                + " group by a.external_id, a.name, coalesce(a.csm, a.pod) order by sum(case when t.outcome = 'held' then 1 else 0 end) * 1.0 / count(*), a.external_id",
                (rs, n) -> new AccountFigure(rs.getString(1), rs.getString(2), tier.code(), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7)), args.toArray());
    }
}
