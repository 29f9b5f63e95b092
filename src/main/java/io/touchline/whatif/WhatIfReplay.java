package io.touchline.whatif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.AccountRequest;
import io.touchline.account.AccountService;
import io.touchline.account.Viewer;
import io.touchline.capacity.CapacityProperties;
import io.touchline.journey.AtRiskEscalationProcess;
import io.touchline.journey.Cadences;
import io.touchline.journey.JourneyProcess;
import io.touchline.messaging.ContactPreferences;
import io.touchline.messaging.OutboxDispatcher;
import io.touchline.web.ConflictException;
import io.touchline.web.InvalidInputException;
import io.touchline.whatif.Book.BookAccount;
import io.touchline.whatif.Book.BookContact;
import io.touchline.whatif.Forecast.Load;
import io.touchline.whatif.Forecast.Messages;
import io.touchline.whatif.Forecast.Skipped;

/**
 * The replay itself, inside the what-if JVM (profile {@code whatif}: its own in-memory database and
 * engine, nothing sent). Deploys the model, enrols the book on the simulated clock through the
 * real account service (so each journey joins where the live one stands: onboarding or not by
 * "customer since", the countdown at the step still ahead), then moves the engine clock a day at a
 * time: runs the due timers with the real delegates, works every task the day it appears as
 * {@link CsmPolicy} says, and "delivers" the due outbox through the real dispatcher into a mail
 * sender that never connects. Counts per ISO week what the team and the customers got.
 */
@Component
@Profile("whatif")
public class WhatIfReplay {

    /** The replay enrols the book as a connected system would. */
    static final Viewer REPLAY = new Viewer("whatif", Set.of(Viewer.INTEGRATIONS));
    private static final Duration STEP = Duration.ofDays(1);
    private static final int MAX_FAILURES_KEPT = 20;

    /** One replay: the model files to deploy in place of the classpath ones (null: today's model). */
    public record Spec(String label, Horizon horizon, Path processes) {
    }

    private final RepositoryService repository;
    private final ManagementService management;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final AccountService accounts;
    private final AccountRepository accountRepository;
    private final Cadences cadences;
    private final JourneyProcess journeys;
    private final AtRiskEscalationProcess escalations;
    private final ContactPreferences preferences;
    private final OutboxDispatcher dispatcher;
    private final CapacityProperties capacity;
    private final JdbcTemplate jdbc;
    private final Map<String, String> activities = new HashMap<>();
    /** The number the database gives the next account it enrols (its identity column). */
    private long nextNumber = 1;

    WhatIfReplay(RepositoryService repository, ManagementService management, TaskService tasks, RuntimeService runtime,
            IdentityService identity, AccountService accounts, AccountRepository accountRepository, Cadences cadences,
            JourneyProcess journeys, AtRiskEscalationProcess escalations, ContactPreferences preferences,
            OutboxDispatcher dispatcher, CapacityProperties capacity, JdbcTemplate jdbc) {
        this.repository = repository;
        this.management = management;
        this.tasks = tasks;
        this.runtime = runtime;
        this.identity = identity;
        this.accounts = accounts;
        this.accountRepository = accountRepository;
        this.cadences = cadences;
        this.journeys = journeys;
        this.escalations = escalations;
        this.preferences = preferences;
        this.dispatcher = dispatcher;
        this.capacity = capacity;
        this.jdbc = jdbc;
    }

    public Forecast run(Spec spec, Book book, Consumer<String> progress) {
        long began = System.nanoTime();
        Horizon horizon = spec.horizon();
        Counts counts = new Counts();
        ClockUtil.setCurrentTime(Date.from(horizon.start()));
        try {
            indexes();
            deploy(spec.processes());
            identities(book);
            List<Skipped> skipped = enrol(book);
            analyze();
            progress.accept(String.format(Locale.ROOT, "enrolled %d accounts in %.1f s", book.accounts().size() - skipped.size(),
                    (System.nanoTime() - began) / 1e9));
            Instant end = horizon.end();
            Instant now = horizon.start();
            executeDueJobs(counts);
            while (true) {
                workOpenTasks(counts);
                executeDueJobs(counts);
                Instant next = now.plus(STEP);
                int week = horizon.index(now);
                if (!next.isBefore(end) || horizon.index(next) != week) {
                    forgetSentBodies();
                    progress.accept(String.format(Locale.ROOT, "progress %d/%d weeks, %,d touches", week,
                            horizon.weeks(), counts.tasks + messagesSoFar()));
                }
                if (!next.isBefore(end)) {
                    break;
                }
                now = next;
                ClockUtil.setCurrentTime(Date.from(now));
                executeDueJobs(counts);
            }
            return new Forecast(spec.label(), horizon.start(), horizon.calendar(), book.accounts().size() - skipped.size(),
                    skipped, counts.load(), messages(horizon), counts.failures,
                    (System.nanoTime() - began) / 1e9, peakHeap());
        } finally {
            ClockUtil.reset();
        }
    }

    /** Lookups the live database never needs at this volume (what-if database only). */
    private void indexes() {
        jdbc.execute("create index if not exists ix_whatif_job_due on ACT_RU_JOB (DUEDATE_)");
    }

    /**
     * Lets the in-memory database learn how selective its columns are: with thousands of journeys a
     * lookup by business key must use its index, not walk every execution of a process definition.
     */
    private void analyze() {
        jdbc.execute("analyze");
        // most executions have a parent, but "parent is null" picks all the process instances: not selective
        jdbc.execute("alter table ACT_RU_EXECUTION alter column PARENT_ID_ selectivity 1");
    }

    /** Deploys processes/ and forms/ from the class path, the changed files in place of the same-named ones. */
    private void deploy(Path changed) {
        Map<String, byte[]> files = new TreeMap<>();
        try {
            for (String pattern : List.of("classpath*:processes/*.bpmn", "classpath*:processes/*.dmn", "classpath*:forms/*.form")) {
                for (Resource resource : new PathMatchingResourcePatternResolver().getResources(pattern)) {
                    try (var in = resource.getInputStream()) {
                        files.put(resource.getFilename(), in.readAllBytes());
                    }
                }
            }
            if (changed != null) {
                try (var list = Files.list(changed)) {
                    for (Path file : list.toList()) {
                        files.put(file.getFileName().toString(), Files.readAllBytes(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DeploymentBuilder deployment = repository.createDeployment().name("what-if").source("what-if");
        files.forEach((name, content) -> deployment.addInputStream(name, new ByteArrayInputStream(content)));
        deployment.deploy();
    }

    /** The book's CSMs and pods, as users and groups of the replay's engine (enrolment checks owners). */
    private void identities(Book book) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        book.accounts().forEach(a -> {
            if (a.csm() != null && !a.csm().isBlank()) {
                users.add(a.csm().trim());
            }
            if (a.pod() != null && !a.pod().isBlank()) {
                groups.add(a.pod().trim());
            }
        });
        users.stream().filter(u -> identity.createUserQuery().userId(u).count() == 0).forEach(u -> {
            var user = identity.newUser(u);
            user.setFirstName(u);
            user.setEmail(u + "@what-if.invalid");
            identity.saveUser(user);
        });
        groups.stream().filter(g -> identity.createGroupQuery().groupId(g).count() == 0).forEach(g -> {
            var group = identity.newGroup(g);
            group.setName(g);
            group.setType("WORKFLOW");
            identity.saveGroup(group);
        });
    }

    private List<Skipped> enrol(Book book) {
        List<Skipped> skipped = new ArrayList<>();
        int enrolled = 0;
        List<BookAccount> byNumber = new ArrayList<>(book.accounts());
        byNumber.sort(Comparator.comparing(BookAccount::id, Comparator.nullsLast(Comparator.naturalOrder())));
        for (BookAccount a : byNumber) {
            if (enrolled++ % 200 == 0) {
                analyze();
            }
            try {
                enrol(a);
            } catch (InvalidInputException e) {
                skipped.add(new Skipped(a.externalId(), e.problems().stream()
                        .map(p -> p.field() + " " + p.message()).reduce((x, y) -> x + "; " + y).orElse("invalid")));
            } catch (ConflictException e) {
                skipped.add(new Skipped(a.externalId(), e.getMessage()));
            }
        }
        return skipped;
    }

    private void enrol(BookAccount a) {
        for (BookContact contact : a.contacts()) {
            if (!contact.optedOut().isEmpty() || !contact.frequencies().isEmpty()
                    || (contact.channel() != null && !contact.channel().equals(ContactPreferences.Channel.EMAIL.code))) {
                preferences.save(contact.email(), choicesOf(contact));
            }
        }
        if (a.id() != null && a.id() != nextNumber && accountRepository.findById(a.id()).isEmpty()) {
            // the live account's number: where its recurring touches fall in a period depends on it (Slots)
            jdbc.execute("alter table account alter column id restart with " + a.id());
        }
        accounts.enrol(new AccountRequest(a.externalId(), a.name(), a.arr(), a.strategic(), a.trial(), a.renewalDate(),
                a.customerSince(), a.timeZone(), a.csm(), a.pod(), a.contacts().stream()
                        .map(c -> new AccountRequest.ContactRequest(c.name(), c.email(), c.role(), c.timeZone())).toList(),
                null, a.industry()), REPLAY);
        if (a.id() != null) {
            nextNumber = a.id() + 1;
        }
        if (!a.cadences().isEmpty()) {
            Account account = accountRepository.findByExternalId(a.externalId()).orElseThrow();
            a.cadences().forEach((cadence, rhythm) -> {
                cadences.set(account, cadence, rhythm.period(), rhythm.reason() == null ? "from the live book" : rhythm.reason());
                journeys.cadenceChanged(a.externalId(), cadence);
            });
        }
        if (a.healthScore() != null) {
            if (a.atRisk()) {
                // at risk live: it fell under the threshold once and has not recovered (health-status.dmn)
                accounts.recordHealthScore(a.externalId(), 0, REPLAY);
            }
            accounts.recordHealthScore(a.externalId(), a.healthScore(), REPLAY);
            if (!a.escalationOpen()) {
                escalations.cancel(a.externalId(), "at risk before the what-if began; no intervention open");
            }
        }
    }

    private static ContactPreferences.Choices choicesOf(BookContact contact) {
        List<ContactPreferences.Choice> types = Arrays.stream(ContactPreferences.Type.values())
                .map(t -> new ContactPreferences.Choice(t, !contact.optedOut().contains(t.code),
                        ContactPreferences.Frequency.of(contact.frequencies().get(t.code)).orElse(null)))
                .toList();
        return new ContactPreferences.Choices(types,
                ContactPreferences.Channel.of(contact.channel()).orElse(ContactPreferences.Channel.EMAIL));
    }

    /**
     * Every job due now (timers), then the outbox, as the job executor and the dispatcher would: the
     * earliest due first, and for one due time in the order of their steps' ids, so that a replay of
     * the same book gives the same figures every time (two emails to one contact on one day: which
     * one the frequency cap holds).
     */
    private void executeDueJobs(Counts counts) {
        for (int round = 0; round < 100; round++) {
            List<Job> due = new ArrayList<>(management.createJobQuery().executable().list());
            if (due.isEmpty()) {
                break;
            }
            Comparator<Job> byDueDate = Comparator.comparing(Job::getDuedate, Comparator.nullsFirst(Comparator.naturalOrder()));
            due.sort(byDueDate.thenComparing(this::activityOf));
            for (Job job : due) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException e) {
                    counts.failed(job, e);
                }
            }
        }
        dispatcher.dispatchDue();
    }

    private String activityOf(Job job) {
        return activities.computeIfAbsent(String.valueOf(job.getJobDefinitionId()), id -> {
            var definition = management.createJobDefinitionQuery().jobDefinitionId(id).singleResult();
            return definition == null ? "" : definition.getActivityId();
        });
    }

    /**
     * Each open task, counted for its owner and kind, then completed as the CSM would. All are
     * counted first: completing one may close another (the renewal decided ends the term's touches).
     */
    private void workOpenTasks(Counts counts) {
        List<Task> open = new ArrayList<>(tasks.createTaskQuery().initializeFormKeys().list());
        open.sort(Comparator.comparing(Task::getCreateTime).thenComparing(Task::getTaskDefinitionKey));
        List<String> kinds = new ArrayList<>(open.size());
        for (Task task : open) {
            String kind = task.getCamundaFormRef() != null ? task.getCamundaFormRef().getKey()
                    : task.getFormKey() != null ? task.getFormKey() : task.getTaskDefinitionKey();
            counts.task(Horizon.weekOf(task.getCreateTime().toInstant()), ownerOf(task), kind, capacity.effortOf(kind));
            kinds.add(kind);
        }
        for (int i = 0; i < open.size(); i++) {
            try {
                tasks.complete(open.get(i).getId(), CsmPolicy.formValues(kinds.get(i), renewalDateOf(open.get(i), kinds.get(i))));
            } catch (NullValueException gone) {
                // an earlier completion closed it: it was on the CSM's list, and then no more
            }
        }
    }

    private String ownerOf(Task task) {
        if (task.getAssignee() != null) {
            return task.getAssignee();
        }
        return tasks.getIdentityLinksForTask(task.getId()).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
                .map(l -> l.getGroupId() != null ? l.getGroupId() : l.getUserId())
                .sorted().findFirst().orElse("(nobody)");
    }

    /** The account's renewal date, for a renewal outcome (the countdown's business key is the account's id). */
    private LocalDate renewalDateOf(Task task, String kind) {
        if (!CsmPolicy.RENEWAL_OUTCOME.equals(kind)) {
            return null;
        }
        var instance = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).singleResult();
        if (instance == null) {
            throw new NullValueException("the countdown of task " + task.getId() + " has ended");
        }
        return accountRepository.findByExternalId(instance.getBusinessKey()).orElseThrow().renewalDate();
    }

    /**
     * The texts of the emails that went: nothing in a replay reads them again (what the rules count
     * is who got what, when), and a book's year of emails would otherwise fill the replay's memory.
     */
    private void forgetSentBodies() {
        jdbc.update("update outbox_message set text_body = '', html_body = '' where sent_at is not null and text_body <> ''");
    }

    private int messagesSoFar() {
        Integer emails = jdbc.queryForObject("select count(*) from outbox_message where sent_at is not null", Integer.class);
        Integer inApp = jdbc.queryForObject("select count(*) from in_app_message", Integer.class);
        return (emails == null ? 0 : emails) + (inApp == null ? 0 : inApp);
    }

    /** Emails by the week they went (the dispatcher's sent_at), in-app messages by the week they were shown. */
    private List<Messages> messages(Horizon horizon) {
        Map<String, int[]> perWeek = new HashMap<>();
        jdbc.query("select sent_at from outbox_message where sent_at is not null", (RowCallbackHandler) rs ->
                perWeek.computeIfAbsent(Horizon.weekOf(rs.getTimestamp(1).toInstant()), w -> new int[2])[0]++);
        jdbc.query("select created_at from in_app_message", (RowCallbackHandler) rs ->
                perWeek.computeIfAbsent(Horizon.weekOf(rs.getTimestamp(1).toInstant()), w -> new int[2])[1]++);
        return horizon.calendar().stream().map(w -> {
            int[] n = perWeek.getOrDefault(w.week(), new int[2]);
            return new Messages(w.week(), n[0], n[1]);
        }).toList();
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u == null ? 0 : u.getUsed()).sum();
    }

    /** What the replay counted so far. */
    private static final class Counts {
        private final Map<List<String>, double[]> load = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        private final List<String> failures = new ArrayList<>();
        private long tasks;

        void task(String week, String owner, String kind, double hours) {
            double[] sum = load.computeIfAbsent(List.of(week, owner, kind), k -> new double[2]);
            sum[0]++;
            sum[1] += hours;
            tasks++;
        }

        void failed(Job job, RuntimeException e) {
            if (failures.size() < MAX_FAILURES_KEPT) {
                failures.add(ClockUtil.getCurrentTime().toInstant() + " " + job.getProcessDefinitionKey() + " ("
                        + job.getProcessInstanceId() + "): " + e.getMessage());
            }
        }

        List<Load> load() {
            return load.entrySet().stream().map(e -> new Load(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2),
                    (int) e.getValue()[0], Forecast.round(e.getValue()[1]))).toList();
        }
    }
}
