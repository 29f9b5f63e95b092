package io.touchline.calendar.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.EngineClock;
import io.touchline.account.Scope;
import io.touchline.calendar.PlannedTouches;
import io.touchline.calendar.PlannedTouches.Freshness;
import io.touchline.calendar.PlannedTouches.Load;
import io.touchline.calendar.PlannedTouches.Planned;
import io.touchline.capacity.CapacityPlan;
import io.touchline.capacity.CapacityProperties;
import io.touchline.security.CurrentViewer;
import io.touchline.web.InvalidInputException;

/**
 * The cadence calendar and the capacity plan: as JSON for tools ({@code /api/calendar},
 * {@code /api/capacity}) and as pages for people ({@code /calendar}, {@code /capacity}), read from
 * the planned-touches read model ({@link PlannedTouches}): weeks are summed on the server, touches
 * come a page at a time. A CSM sees the accounts of their own book or pod; CS Ops and managers the
 * whole book.
 */
@Controller
@Tag(name = "Calendar and capacity")
class PlanningController {

    static final int DEFAULT_WEEKS = 12;
    static final int MAX_WEEKS = 52;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final int CSMS_PER_PAGE = 25;

    /** One week of the calendar: touches and hours per owner, automated touches. */
    record WeekSummary(LocalDate monday, String isoWeek, int humanTouches, double hours, int automated,
            Map<String, Integer> touchesByOwner) {
    }

    /**
     * The calendar: the weeks, and one page of touches (of {@code week}, or all of one account's);
     * {@code next} is where the next page is. {@code stale} accounts are being re-planned (their
     * journeys moved a moment ago).
     */
    record CalendarView(LocalDate from, LocalDate until, List<WeekSummary> weeks, LocalDate week, List<Planned> touches,
            String next, int staleAccounts, Instant oldestChange) {
    }

    private final PlannedTouches planned;
    private final CapacityPlan capacity;
    private final CapacityProperties effort;
    private final Duration catchUpBudget;

    private final io.touchline.journey.TaskRouting routing;
    private final io.touchline.capacity.Team team;

    PlanningController(PlannedTouches planned, CapacityPlan capacity, CapacityProperties effort,
            @Value("${touchline.planner.catch-up:PT0.3S}") Duration catchUpBudget, io.touchline.journey.TaskRouting routing,
            io.touchline.capacity.Team team) {
        this.routing = routing;
        this.team = team;
        this.planned = planned;
        this.capacity = capacity;
        this.effort = effort;
        this.catchUpBudget = catchUpBudget;
    }

    @GetMapping("/api/calendar")
    @ResponseBody
    @Operation(summary = "Every planned touch of the next weeks (default 12), from the running journeys and their diagrams",
            description = "weeks: per week the CSM touches, their hours, the automated touches and the touches per owner. "
                    + "touches: one page (limit, default 100) of one week's touches (week, a Monday; default the first with "
                    + "touches), "
                    + "or of one account's if account is given; next: the address of the next page. Filter by owner (a "
                    + "CSM's user id or a pod/pool group) or account. staleAccounts: accounts whose journeys moved a "
                    + "moment ago and are being planned again.")
    CalendarView calendarJson(@RequestParam(defaultValue = "12") int weeks, @RequestParam(required = false) String owner,
            @RequestParam(required = false) String account,
            @Parameter(description = "The Monday of the week whose touches are listed") @RequestParam(required = false) LocalDate week,
            @Parameter(description = "From the previous page's next") @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int limit, Authentication user) {
        return calendarOf(weeks, owner, account, week, after, limit, user);
    }

    @GetMapping("/api/capacity")
    @ResponseBody
    @Operation(summary = "Planned hours against available hours per CSM and week, and whether the touch model fits the team",
            description = "csms: one page (page, from 1; 25 a page) of the CSMs with planned touches, the most over "
                    + "capacity first; totalCsms and pages tell how many there are.")
    CapacityPlan.Plan capacityJson(@RequestParam(defaultValue = "12") int weeks, @RequestParam(defaultValue = "1") int page,
            Authentication user) {
        return capacityOf(weeks, page, user);
    }

    @GetMapping("/calendar")
    String calendarPage(@RequestParam(defaultValue = "12") int weeks, @RequestParam(required = false) String owner,
            @RequestParam(required = false) String account, @RequestParam(required = false) LocalDate week,
            @RequestParam(required = false) String after, Model model, Authentication user) {
        CalendarView view = calendarOf(weeks, owner, account, week, after, DEFAULT_LIMIT, user);
        model.addAttribute("view", view);
        model.addAttribute("weeks", weeks);
        model.addAttribute("owner", owner == null ? "" : owner);
        model.addAttribute("account", account == null ? "" : account);
        model.addAttribute("chart", Charts.calendar(view.weeks()));
        model.addAttribute("roster", team.roster()); // owners by name, as capacity shows them
        model.addAttribute("owners", planned.owners(Scope.of(CurrentViewer.of(user)), view.from(), weeks));
        model.addAttribute("next", view.next() == null ? null : view.next().replaceFirst("^/api/calendar", "/calendar"));
        Map<LocalDate, String> weekLinks = new LinkedHashMap<>();
        view.weeks().forEach(w -> weekLinks.put(w.monday(), UriComponentsBuilder.fromPath("/calendar")
                .queryParam("weeks", weeks).queryParamIfPresent("owner", blank(owner))
                .queryParamIfPresent("account", blank(account)).queryParam("week", w.monday()).build().encode().toUriString()));
        model.addAttribute("weekLinks", weekLinks);
        return "calendar";
    }

    @GetMapping("/capacity")
    String capacityPage(@RequestParam(defaultValue = "12") int weeks, @RequestParam(defaultValue = "1") int page,
            Model model, Authentication user) {
        CapacityPlan.Plan plan = capacityOf(weeks, page, user);
        model.addAttribute("plan", plan);
        model.addAttribute("weeks", weeks);
        model.addAttribute("charts", plan.csms().stream().map(Charts::capacity).toList());
        return "capacity";
    }

    private CalendarView calendarOf(int weeks, String owner, String account, LocalDate week, String after, int limit,
            Authentication user) {
        checkWeeks(weeks);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        String ownerFilter = blank(owner).orElse(null);
        String accountFilter = blank(account).orElse(null);
        Scope scope = Scope.of(CurrentViewer.of(user));
        LocalDate from = CapacityPlan.mondayOf(EngineClock.today(ZoneOffset.UTC));
        LocalDate end = from.plusWeeks(weeks);
        if (week != null && (!week.equals(CapacityPlan.mondayOf(week)) || week.isBefore(from) || !week.isBefore(end))) {
            throw new InvalidInputException("week", "must be the Monday of one of the weeks shown, " + from + " to "
                    + end.minusWeeks(1));
        }
        Freshness freshness = planned.catchUp(scope, accountFilter, catchUpBudget);
        List<WeekSummary> summaries = summaries(planned.load(scope, accountFilter, ownerFilter, from, weeks), from, weeks);
        // the week listed: the one asked for, else the first with touches
        LocalDate listed = week != null ? week : summaries.stream().filter(w -> w.humanTouches() + w.automated() > 0)
                .map(WeekSummary::monday).findFirst().orElse(from);
        List<Planned> touches;
        String next = null;
        if (accountFilter != null) {
            touches = planned.touchesUntil(scope, accountFilter, ownerFilter, end, limit);
        } else {
            touches = planned.touches(scope, null, ownerFilter, listed, after, limit + 1);
            if (touches.size() > limit) {
                touches = touches.subList(0, limit);
                next = UriComponentsBuilder.fromPath("/api/calendar").queryParam("weeks", weeks)
                        .queryParamIfPresent("owner", blank(owner)).queryParam("week", listed)
                        .queryParam("after", touches.get(limit - 1).cursor()).queryParam("limit", limit)
                        .build().encode().toUriString();
            }
        }
        return new CalendarView(from, end.minusDays(1), summaries, accountFilter != null ? null : listed, touches, next,
                freshness.staleAccounts(), freshness.oldestChange());
    }

    private List<WeekSummary> summaries(List<Load> loads, LocalDate from, int weeks) {
        Map<LocalDate, int[]> counts = new TreeMap<>();
        Map<LocalDate, double[]> hours = new TreeMap<>();
        Map<LocalDate, Map<String, Integer>> byOwner = new TreeMap<>();
        for (Load load : loads) {
            if (load.human()) {
                counts.computeIfAbsent(load.week(), k -> new int[2])[0] += load.touches();
                hours.computeIfAbsent(load.week(), k -> new double[1])[0] += effort.effortOf(load.kind()) * load.touches();
                byOwner.computeIfAbsent(load.week(), k -> new TreeMap<>())
                        .merge(load.owner().isEmpty() ? "-" : load.owner(), load.touches(), Integer::sum);
            } else {
                counts.computeIfAbsent(load.week(), k -> new int[2])[1] += load.touches();
            }
        }
        List<WeekSummary> summaries = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            LocalDate monday = from.plusWeeks(i);
            int[] c = counts.getOrDefault(monday, new int[2]);
            summaries.add(new WeekSummary(monday, monday.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), c[0],
                    Math.round(hours.getOrDefault(monday, new double[1])[0] * 100) / 100.0, c[1],
                    byOwner.getOrDefault(monday, Map.of())));
        }
        return summaries;
    }

    private CapacityPlan.Plan capacityOf(int weeks, int page, Authentication user) {
        checkWeeks(weeks);
        if (page < 1) {
            throw new InvalidInputException("page", "must be 1 or more");
        }
        Scope scope = Scope.of(CurrentViewer.of(user));
        LocalDate from = CapacityPlan.mondayOf(EngineClock.today(ZoneOffset.UTC));
        planned.catchUp(scope, null, catchUpBudget);
        List<CapacityPlan.Load> loads = planned.load(scope, null, null, from, weeks).stream().filter(Load::human)
                .map(l -> new CapacityPlan.Load(l.week(), l.owner(), l.kind().isEmpty() ? null : l.kind(), l.tier(), l.touches()))
                .toList();
        return capacity.of(loads, planned.accountsPerTier(scope), books(scope), from, weeks, page, CSMS_PER_PAGE);
    }

    /** Each owner's book: the accounts whose human touches go to a dedicated CSM, a pod or a pool (task-routing.dmn). */
    private List<CapacityPlan.BookRow> books(Scope scope) {
        Map<List<String>, Integer> perOwnerAndTier = new LinkedHashMap<>();
        Map<List<Object>, io.touchline.journey.TaskRouting.Route> routes = new java.util.HashMap<>();
        for (Object[] row : planned.accountsPerOwner(scope)) {
            io.touchline.account.Tier tier = (io.touchline.account.Tier) row[0];
            String industry = (String) row[4];
            var route = routes.computeIfAbsent(java.util.Arrays.asList(tier, industry),
                    k -> routing.route(tier, io.touchline.journey.TaskRouting.AUDIENCE_OWNER, industry));
            String owner = switch (route.target()) {
                case DEDICATED_CSM -> (String) row[1];
                case POD -> (String) row[2];
                case GROUP -> route.group();
            };
            if (owner != null) {
                perOwnerAndTier.merge(List.of(owner, tier.code()), (Integer) row[3], Integer::sum);
            }
        }
        return perOwnerAndTier.entrySet().stream()
                .map(e -> new CapacityPlan.BookRow(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList();
    }

    private static java.util.Optional<String> blank(String value) {
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value.trim());
    }

    private static void checkWeeks(int weeks) {
        if (weeks < 1 || weeks > MAX_WEEKS) {
            throw new InvalidInputException("weeks", "must be between 1 and " + MAX_WEEKS);
        }
    }
}
