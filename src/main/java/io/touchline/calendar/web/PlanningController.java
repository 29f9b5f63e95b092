package io.touchline.calendar.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountService;
import io.touchline.calendar.TouchCalendar;
import io.touchline.calendar.TouchCalendar.Touch;
import io.touchline.capacity.CapacityPlan;
import io.touchline.security.CurrentViewer;
import io.touchline.web.InvalidInputException;

/**
 * The cadence calendar and the capacity plan: as JSON for tools ({@code /api/calendar},
 * {@code /api/capacity}) and as pages for people ({@code /calendar}, {@code /capacity}). A CSM sees
 * the accounts of their own book or pod; CS Ops and managers the whole book.
 */
@Controller
@Tag(name = "Calendar and capacity")
class PlanningController {

    static final int DEFAULT_WEEKS = 12;
    static final int MAX_WEEKS = 26;

    /** One week of the calendar: touches and hours per owner, emails. */
    record WeekSummary(LocalDate monday, String isoWeek, int humanTouches, double hours, int automated,
            Map<String, Integer> touchesByOwner) {
    }

    record CalendarView(LocalDate from, LocalDate until, List<WeekSummary> weeks, List<Touch> touches) {
    }

    private final AccountService accounts;
    private final TouchCalendar calendar;
    private final CapacityPlan capacity;

    PlanningController(AccountService accounts, TouchCalendar calendar, CapacityPlan capacity) {
        this.accounts = accounts;
        this.calendar = calendar;
        this.capacity = capacity;
    }

    @GetMapping("/api/calendar")
    @ResponseBody
    @Operation(summary = "Every planned touch of the next weeks (default 12), from the running journeys and their diagrams",
            description = "Filter by owner (a CSM's user id or a pod/pool group) or account. Touches: date, account, step, "
                    + "kind (the form of a human touch, or email / in-app), owner, hours; weeks: touches and hours per owner.")
    CalendarView calendarJson(@RequestParam(defaultValue = "12") int weeks, @RequestParam(required = false) String owner,
            @RequestParam(required = false) String account, Authentication user) {
        return calendarOf(weeks, owner, account, user);
    }

    @GetMapping("/api/capacity")
    @ResponseBody
    @Operation(summary = "Planned hours against available hours per CSM and week, and whether the touch model fits the team")
    CapacityPlan.Plan capacityJson(@RequestParam(defaultValue = "12") int weeks, Authentication user) {
        return capacityOf(weeks, user);
    }

    @GetMapping("/calendar")
    String calendarPage(@RequestParam(defaultValue = "12") int weeks, @RequestParam(required = false) String owner,
            @RequestParam(required = false) String account, Model model, Authentication user) {
        CalendarView view = calendarOf(weeks, owner, account, user);
        model.addAttribute("view", view);
        model.addAttribute("weeks", weeks);
        model.addAttribute("owner", owner == null ? "" : owner);
        model.addAttribute("account", account == null ? "" : account);
        model.addAttribute("chart", Charts.calendar(view.weeks()));
        Map<LocalDate, List<Touch>> byWeek = new TreeMap<>();
        view.touches().forEach(t -> byWeek.computeIfAbsent(CapacityPlan.mondayOf(t.date()), k -> new ArrayList<>()).add(t));
        model.addAttribute("byWeek", byWeek);
        model.addAttribute("owners", new TreeSet<>(view.touches().stream().filter(t -> t.owner() != null)
                .map(Touch::owner).toList()));
        return "calendar";
    }

    @GetMapping("/capacity")
    String capacityPage(@RequestParam(defaultValue = "12") int weeks, Model model, Authentication user) {
        CapacityPlan.Plan plan = capacityOf(weeks, user);
        model.addAttribute("plan", plan);
        model.addAttribute("weeks", weeks);
        model.addAttribute("charts", plan.csms().stream().map(Charts::capacity).toList());
        return "capacity";
    }

    private CalendarView calendarOf(int weeks, String owner, String account, Authentication user) {
        checkWeeks(weeks);
        LocalDate from = CapacityPlan.mondayOf(EngineClock.today(ZoneOffset.UTC));
        List<Account> book = accounts.list(CurrentViewer.of(user)).stream()
                .filter(a -> account == null || account.isBlank() || a.externalId().equalsIgnoreCase(account.trim()))
                .toList();
        List<Touch> touches = calendar.plan(book, horizon(from, weeks)).stream()
                .filter(t -> owner == null || owner.isBlank() || owner.trim().equals(t.owner())).toList();
        Map<LocalDate, WeekSummary> summaries = new LinkedHashMap<>();
        for (int i = 0; i < weeks; i++) {
            LocalDate monday = from.plusWeeks(i);
            List<Touch> inWeek = touches.stream().filter(t -> CapacityPlan.mondayOf(t.date()).equals(monday)).toList();
            Map<String, Integer> byOwner = new TreeMap<>();
            inWeek.stream().filter(Touch::human).forEach(t -> byOwner.merge(t.owner() == null ? "-" : t.owner(), 1, Integer::sum));
            summaries.put(monday, new WeekSummary(monday, monday.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                    (int) inWeek.stream().filter(Touch::human).count(),
                    Math.round(inWeek.stream().mapToDouble(Touch::hours).sum() * 100) / 100.0,
                    (int) inWeek.stream().filter(t -> !t.human()).count(), byOwner));
        }
        return new CalendarView(from, from.plusWeeks(weeks).minusDays(1), List.copyOf(summaries.values()), touches);
    }

    private CapacityPlan.Plan capacityOf(int weeks, Authentication user) {
        checkWeeks(weeks);
        LocalDate from = CapacityPlan.mondayOf(EngineClock.today(ZoneOffset.UTC));
        List<Account> book = accounts.list(CurrentViewer.of(user));
        return capacity.of(calendar.plan(book, horizon(from, weeks)), book, from, weeks);
    }

    private static Instant horizon(LocalDate from, int weeks) {
        return from.plusWeeks(weeks).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void checkWeeks(int weeks) {
        if (weeks < 1 || weeks > MAX_WEEKS) {
            throw new InvalidInputException("weeks", "must be between 1 and " + MAX_WEEKS);
        }
    }
}
