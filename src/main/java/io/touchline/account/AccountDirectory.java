package io.touchline.account;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;

/**
 * The accounts a viewer may see, searched and filtered in the database a page at a time (a book of
 * a hundred thousand is never read whole), and an account's last NPS answer.
 */
@Component
public class AccountDirectory {

    public static final int PAGE_SIZE = 50;

    /**
     * What the list shows: text in the name or external id, a tier code, an owner (a CSM's user id
     * or a pod), at risk only, renewing within {@code renewalWindowDays} only (the renewal countdown's
     * first step, read from its diagram), ended accounts too.
     */
    public record Filter(String text, String tier, String owner, boolean atRisk, boolean renewingSoon, int renewalWindowDays,
            boolean ended, String sort) {

        public static final List<String> SORTS = List.of("renewal", "name", "health", "arr");

        public Filter {
            text = text == null ? "" : text.strip();
            tier = tier == null ? "" : tier.strip();
            owner = owner == null ? "" : owner.strip();
            sort = sort == null || sort.isBlank() ? "renewal" : sort.strip();
        }
    }

    public record Row(String externalId, String name, String tier, BigDecimal arr, LocalDate renewalDate,
            Integer healthScore, boolean atRisk, String csm, String pod, String status) {
    }

    public record Page(List<Row> rows, long total, int page, int pageSize) {

        public int pages() {
            return (int) Math.max(1, (total + pageSize - 1) / pageSize);
        }
    }

    public record Nps(int score, String comment, java.time.Instant answeredAt) {
    }

    private final JdbcTemplate jdbc;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    AccountDirectory(JdbcTemplate jdbc, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One page (from 1) of the accounts in the viewer's scope that pass the filter, in the filter's order. */
    public Page find(Filter filter, Scope scope, int page) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!filter.tier().isEmpty() && tierOf(filter.tier()).isEmpty()) {
            problems.add(FieldProblem.of("tier", "is not a tier: high-touch, medium-touch, low-touch or tech-touch"));
        }
        if (!Filter.SORTS.contains(filter.sort())) {
            problems.add(FieldProblem.of("sort", "must be one of " + String.join(", ", Filter.SORTS)));
        }
        if (page < 1) {
            problems.add(FieldProblem.of("page", "must be 1 or more"));
        }
        if (filter.text().length() > 200) {
            problems.add(FieldProblem.of("q", "must be at most 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where 1 = 1");
        if (!filter.ended()) {
            where.append(" and a.status = ?");
            args.add(AccountStatus.ACTIVE.name());
        }
        if (!filter.text().isEmpty()) {
            where.append(" and (lower(a.name) like ? escape '\\' or lower(a.external_id) like ? escape '\\')");
            String like = "%" + filter.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
        }
        if (!filter.tier().isEmpty()) {
            where.append(" and a.tier = ?");
            args.add(tierOf(filter.tier()).orElseThrow().name());
        }
        if (!filter.owner().isEmpty()) {
            where.append(" and (a.csm = ? or a.pod = ?)");
            args.add(filter.owner());
            args.add(filter.owner());
        }
        if (filter.atRisk()) {
            where.append(" and a.at_risk = true");
        }
        if (filter.renewingSoon()) {
            LocalDate today = EngineClock.today(java.time.ZoneOffset.UTC);
            where.append(" and a.renewal_date >= ? and a.renewal_date <= ?");
            args.add(Date.valueOf(today));
            args.add(Date.valueOf(today.plusDays(filter.renewalWindowDays())));
        }
        where.append(scope.sql("a.csm", "a.pod", "a.tier", Tier::name, args));
        Long total = jdbc.queryForObject("select count(*) from account a" + where, Long.class, args.toArray());
        String order = switch (filter.sort()) {
            case "name" -> "lower(a.name), a.external_id";
            case "health" -> "case when a.health_score is null then 1 else 0 end, a.health_score, a.external_id";
            case "arr" -> "a.arr desc, a.external_id";
            default -> "a.renewal_date, a.external_id";
        };
        args.add((page - 1) * PAGE_SIZE);
        args.add(PAGE_SIZE);
        List<Row> rows = jdbc.query("select a.external_id, a.name, a.tier, a.arr, a.renewal_date, a.health_score, a.at_risk, "
                + "a.csm, a.pod, a.status from account a" + where + " order by " + order + " offset ? rows fetch next ? rows only",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), Tier.valueOf(rs.getString(3)).code(), rs.getBigDecimal(4),
                        rs.getDate(5).toLocalDate(), (Integer) rs.getObject(6), rs.getBoolean(7), rs.getString(8),
                        rs.getString(9), AccountStatus.valueOf(rs.getString(10)).code()),
                args.toArray());
        return new Page(rows, total == null ? 0 : total, page, PAGE_SIZE);
    }

    private static Optional<Tier> tierOf(String code) {
        return java.util.Arrays.stream(Tier.values()).filter(t -> t.code().equals(code)).findFirst();
    }

    /** The owners (dedicated CSMs and pods) of the active accounts in the scope. */
    public List<String> owners(Scope scope) {
        List<Object> args = new ArrayList<>();
        String where = " where a.status = 'ACTIVE'" + scope.sql("a.csm", "a.pod", "a.tier", Tier::name, args);
        List<Object> both = new ArrayList<>(args);
        both.addAll(args);
        return jdbc.queryForList("select distinct a.csm from account a" + where + " and a.csm is not null union "
                + "select distinct a.pod from account a" + where + " and a.pod is not null", String.class, both.toArray());
    }

    /** The account's latest NPS answer the events API took. */
    public Optional<Nps> lastNps(Account account) {
        return jdbc.query("select payload, occurred_at from account_event where account_id = ? and type = 'nps-answer' "
                + "and outcome = 'APPLIED' order by occurred_at desc fetch first 1 rows only", (rs, n) -> {
                    try {
                        var answer = json.readTree(rs.getString(1));
                        return answer.path("score").isInt()
                                ? new Nps(answer.path("score").asInt(), answer.path("comment").asText(null),
                                        rs.getTimestamp(2).toInstant())
                                : null;
                    } catch (java.io.IOException e) {
                        return null; // the events API took JSON; anything else says nothing
                    }
                }, account.id()).stream().filter(java.util.Objects::nonNull).findFirst();
    }
}
