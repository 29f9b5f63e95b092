package io.touchline.account.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountDirectory;
import io.touchline.account.AccountService;
import io.touchline.account.Contact;
import io.touchline.account.HealthHistory;
import io.touchline.account.Scope;
import io.touchline.account.Tier;
import io.touchline.account.Viewer;
import io.touchline.capacity.Team;
import io.touchline.journey.JourneyPlan;
import io.touchline.journey.RenewalCountdownProcess;
import io.touchline.messaging.ContactPreferences;
import io.touchline.model.ProcessReading;
import io.touchline.model.TimerExpression;
import io.touchline.security.CurrentViewer;
import io.touchline.touchpoint.Timeline;

/**
 * The accounts a CSM works on, as pages: {@code /accounts} (search and filters, a CSM's own book and
 * pod by default) and {@code /accounts/{externalId}} (the account, its countdown, health, NPS, open
 * tasks, upcoming touches, timeline and contacts). Scoped as the API is.
 */
@Controller
class AccountPageController {

    /** How far ahead the account page lists upcoming touches. */
    static final Duration UPCOMING = Duration.ofDays(84);
    static final int HEALTH_POINTS = 12;

    record OwnerOption(String id, String name) {
    }

    record ListRow(AccountDirectory.Row row, String tierLabel, String owner, long daysToRenewal) {
    }

    record OpenTask(String id, String name, String owner, LocalDate due, boolean overdue, String link) {
    }

    record Upcoming(LocalDate day, String touch, String process, String kind) {
    }

    record ContactView(Contact contact, String localTime, String preferences, String channel) {
    }

    record HealthView(Integer score, String status, String trend, List<HealthHistory.Point> points,
            String sparkline) {
    }

    record RenewalView(LocalDate date, long days, String stage, Upcoming nextCountdownTouch) {
    }

    private final AccountDirectory directory;
    private final HealthHistory healthHistory;
    private final AccountService accounts;
    private final Timeline timeline;
    private final JourneyPlan plan;
    private final TaskService tasks;
    private final org.camunda.bpm.engine.RuntimeService runtime;
    private final Team team;
    private final ContactPreferences preferences;
    private final org.camunda.bpm.engine.RepositoryService repository;
    private final java.util.Map<String, Integer> windows = new java.util.concurrent.ConcurrentHashMap<>();

    AccountPageController(AccountDirectory directory, AccountService accounts, Timeline timeline, JourneyPlan plan,
            TaskService tasks, org.camunda.bpm.engine.RuntimeService runtime, Team team, ContactPreferences preferences,
            org.camunda.bpm.engine.RepositoryService repository, HealthHistory healthHistory) {
        this.healthHistory = healthHistory;
        this.runtime = runtime;
        this.repository = repository;
        this.directory = directory;
        this.accounts = accounts;
        this.timeline = timeline;
        this.plan = plan;
        this.tasks = tasks;
        this.team = team;
        this.preferences = preferences;
    }

    @GetMapping("/accounts")
    String list(@RequestParam(name = "q", required = false) String text, @RequestParam(required = false) String tier,
            @RequestParam(required = false) String owner, @RequestParam(defaultValue = "false") boolean atRisk,
            @RequestParam(defaultValue = "false") boolean renewing, @RequestParam(defaultValue = "false") boolean ended,
            @RequestParam(required = false) String sort, @RequestParam(defaultValue = "1") int page, Model model,
            Authentication user) {
        Viewer viewer = CurrentViewer.of(user);
        Scope scope = Scope.of(viewer);
        var filter = new AccountDirectory.Filter(text, tier, owner, atRisk, renewing, renewalWindowDays(), ended, sort);
        var found = directory.find(filter, scope, page);
        var roster = team.roster();
        LocalDate today = EngineClock.today(ZoneOffset.UTC);
        model.addAttribute("filter", filter);
        model.addAttribute("found", found);
        model.addAttribute("rows", found.rows().stream().map(r -> new ListRow(r, Tier.ofCode(r.tier()).label(),
                ownerName(roster, r.csm(), r.pod()), ChronoUnit.DAYS.between(today, r.renewalDate()))).toList());
        model.addAttribute("tiers", List.of(Tier.values()));
        model.addAttribute("owners", ownerOptions(viewer, scope, roster));
        model.addAttribute("wholeBook", scope.wholeBook());
        model.addAttribute("window", filter.renewalWindowDays());
        return "accounts";
    }

    @GetMapping("/accounts/{externalId}")
    String account(@PathVariable String externalId, Model model, Authentication user) {
        Viewer viewer = CurrentViewer.of(user);
        var enrolled = accounts.get(externalId, viewer);
        Account account = enrolled.account();
        var roster = team.roster();
        Instant now = EngineClock.now();
        LocalDate today = LocalDate.ofInstant(now, account.timeZone());

        List<JourneyPlan.PlannedTouch> planned = plan.of(externalId);
        List<Upcoming> upcoming = planned.stream()
                .filter(p -> "timer".equals(p.kind()) && p.dueAt() != null && p.dueAt().isBefore(now.plus(UPCOMING)))
                .map(p -> new Upcoming(LocalDate.ofInstant(p.dueAt(), account.timeZone()), p.touch(), p.process(), p.kind()))
                .toList();
        // the journey and the processes it calls (renewal countdown, at-risk escalation) carry the account as business key
        String[] instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(externalId).list().stream()
                .map(org.camunda.bpm.engine.runtime.ProcessInstance::getId).toArray(String[]::new);
        List<OpenTask> open = instances.length == 0 ? List.of()
                : tasks.createTaskQuery().processInstanceIdIn(instances).orderByDueDate().asc().list().stream().map(t -> {
                    LocalDate due = t.getDueDate() == null ? null : LocalDate.ofInstant(t.getDueDate().toInstant(), account.timeZone());
                    String owner = t.getAssignee() != null ? roster.nameOf(t.getAssignee())
                            : tasks.getIdentityLinksForTask(t.getId()).stream()
                                    .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                                    .map(l -> roster.nameOf(l.getGroupId())).findFirst().orElse("not assigned");
                    return new OpenTask(t.getId(), t.getName(), owner, due, due != null && due.isBefore(today),
                            "/camunda/app/tasklist/default/#/?task=" + t.getId());
                }).toList();

        var scores = healthHistory.latest(account, HEALTH_POINTS);
        model.addAttribute("account", account);
        model.addAttribute("tierLabel", account.tier().label());
        model.addAttribute("owner", ownerName(roster, account.csm(), account.pod()));
        model.addAttribute("journey", enrolled.journey().orElse(null));
        model.addAttribute("renewal", renewal(account, today, upcoming, renewalWindowDays()));
        model.addAttribute("health", health(account, scores));
        model.addAttribute("nps", directory.lastNps(account).orElse(null));
        model.addAttribute("tasks", open);
        model.addAttribute("upcoming", upcoming);
        model.addAttribute("weeks", UPCOMING.toDays() / 7);
        model.addAttribute("timeline", timeline.of(account).stream()
                .sorted(Comparator.comparing(Timeline.Entry::time).reversed()).toList());
        model.addAttribute("zone", account.timeZone());
        model.addAttribute("contacts", account.contacts().stream().map(c -> contact(c, now)).toList());
        model.addAttribute("roster", roster);
        return "account";
    }

    private ContactView contact(Contact contact, Instant now) {
        var choices = preferences.choicesOf(contact.email());
        String types = choices.types().stream().map(c -> c.type().label + ": " + (!c.subscribed() ? "off"
                : c.frequency() == null ? "on" : c.frequency().label.toLowerCase(java.util.Locale.ROOT)))
                .collect(java.util.stream.Collectors.joining(" · "));
        String zone = contact.timeZone();
        String localTime = zone == null ? null
                : java.time.format.DateTimeFormatter.ofPattern("EEE HH:mm", java.util.Locale.ENGLISH)
                        .format(now.atZone(java.time.ZoneId.of(zone)));
        return new ContactView(contact, localTime, types, choices.channel().label);
    }

    /**
     * How many days before the renewal the countdown starts: its earliest step before the renewal date,
     * as the latest deployed renewal-countdown.bpmn has it (90 days in the touch model).
     */
    int renewalWindowDays() {
        var latest = repository.createProcessDefinitionQuery().processDefinitionKey(RenewalCountdownProcess.KEY)
                .latestVersion().withoutTenantId().singleResult();
        if (latest == null) {
            return 0;
        }
        return windows.computeIfAbsent(latest.getId(), id -> ProcessReading.of(repository.getBpmnModelInstance(id),
                RenewalCountdownProcess.KEY).steps().values().stream()
                .filter(s -> s.timer() != null && s.timer().kind() == TimerExpression.Kind.BEFORE)
                .mapToInt(s -> days(s.timer().period())).max().orElse(0));
    }

    private static int days(String period) {
        java.time.Period p = java.time.Period.parse(period);
        return p.getYears() * 365 + p.getMonths() * 30 + p.getDays();
    }

    /** Where the renewal stands: the days left and whether the countdown has started. */
    static RenewalView renewal(Account account, LocalDate today, List<Upcoming> upcoming, int window) {
        long days = ChronoUnit.DAYS.between(today, account.renewalDate());
        String stage;
        if (days < 0) {
            stage = "renewal date passed " + -days + " days ago, not yet signed";
        } else if (days <= window) {
            stage = "in the renewal countdown";
        } else {
            stage = "the countdown starts " + (days - window) + " days from now";
        }
        Upcoming next = upcoming.stream().filter(u -> u.process() != null && u.process().toLowerCase(java.util.Locale.ROOT)
                .contains("renewal")).findFirst().orElse(null);
        return new RenewalView(account.renewalDate(), days, stage, next);
    }

    static HealthView health(Account account, List<HealthHistory.Point> newestFirst) {
        Integer score = account.healthScore();
        String status = account.atRisk() ? "at risk" : score == null ? "no score yet" : "healthy";
        String trend = null;
        if (newestFirst.size() > 1) {
            int change = newestFirst.get(0).score() - newestFirst.get(newestFirst.size() - 1).score();
            trend = (change > 0 ? "up " + change : change < 0 ? "down " + -change : "unchanged") + " since "
                    + java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH)
                            .format(LocalDate.ofInstant(newestFirst.get(newestFirst.size() - 1).recordedAt(), ZoneOffset.UTC));
        }
        List<HealthHistory.Point> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < oldestFirst.size(); i++) {
            double x = 2 + (oldestFirst.size() == 1 ? 0 : 156.0 * i / (oldestFirst.size() - 1));
            double y = 32 - 0.3 * oldestFirst.get(i).score();
            line.append(i == 0 ? "" : " ").append(Math.round(x)).append(',').append(Math.round(y));
        }
        return new HealthView(score, status, trend, oldestFirst, line.toString());
    }

    private static String ownerName(Team.Roster roster, String csm, String pod) {
        if (csm != null) {
            return roster.nameOf(csm) + (pod != null ? " (" + roster.nameOf(pod) + ")" : "");
        }
        return pod != null ? roster.nameOf(pod) : "pooled (no dedicated CSM or pod)";
    }

    /** The owners of the accounts the viewer sees, by name; the viewer first. */
    private List<OwnerOption> ownerOptions(Viewer viewer, Scope scope, Team.Roster roster) {
        return directory.owners(scope).stream().map(id -> new OwnerOption(id, id.equals(viewer.userId())
                ? "My accounts (" + roster.nameOf(id) + ")" : roster.nameOf(id)))
                .sorted(Comparator.comparing((OwnerOption o) -> !o.id().equals(viewer.userId())).thenComparing(OwnerOption::name))
                .toList();
    }
}
