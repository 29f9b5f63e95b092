package io.touchline.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.capacity.CapacityProperties;
import io.touchline.engine.EngineTables;
import io.touchline.journey.Cadences;
import io.touchline.journey.Schedule;
import io.touchline.journey.Slots;
import io.touchline.journey.TaskRouting;
import io.touchline.model.TimerExpression;

/**
 * Every planned touch of the coming weeks, read from the engine and the diagrams rather than from
 * a second schedule: the open tasks with their due dates, and what follows each as if done then;
 * each waiting timer of each running journey, with the touches it leads to; from there the
 * diagram is followed forward (the next onboarding day, the countdown's next step, into the
 * renewal countdown a journey calls) and each cadence loop is repeated in the account's slots
 * ({@link Cadences#nextSlot}, the same rule the loop timers use). Gateways are decided with the
 * journey's variables where the condition is a simple one ({@code ${atRisk}},
 * {@code ${renewalTouch == 'human'}}, days until renewal, days as a customer); what waits for a
 * person or an event (a renewal outcome, a signed contract) ends the projection there.
 */
@Component
public class TouchCalendar {

    /** One planned touch. {@code owner} is a CSM's user id or a group (pod, pool, managers); automated touches have none. */
    public record Touch(LocalDate date, Instant at, String account, String accountName, String tier, String step,
            String touch, String kind, boolean human, String owner, double hours, String source) {
    }

    public static final String KIND_EMAIL = "email";
    public static final String KIND_IN_APP = "in-app";
    public static final String SOURCE_OPEN_TASK = "open task";
    public static final String SOURCE_WAITING = "waiting timer";
    public static final String SOURCE_PLANNED = "planned";

    private static final Pattern LITERAL = Pattern.compile("\\$\\{'([^']*)'}");
    private static final int MAX_STEPS = 2000;

    private final RuntimeService runtime;
    private final ManagementService management;
    private final RepositoryService repository;
    private final AccountRepository accounts;
    private final Cadences cadences;
    private final TaskRouting routing;
    private final CapacityProperties capacity;
    private final Map<String, BpmnModelInstance> models = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JobDefinition>> jobDefinitions = new ConcurrentHashMap<>();
    private final Map<String, Latest> latestDefinitions = new ConcurrentHashMap<>();
    private static final long LATEST_REFRESH_NANOS = java.time.Duration.ofSeconds(5).toNanos();
    /** Accounts whose journeys are read together. */
    private static final int SNAPSHOT_ACCOUNTS = 100;
    private final EngineTables engineTables;
    private final io.touchline.model.ModelVersions versions;

    TouchCalendar(RuntimeService runtime, ManagementService management, RepositoryService repository,
            AccountRepository accounts, Cadences cadences, TaskRouting routing, CapacityProperties capacity,
            EngineTables engineTables, io.touchline.model.ModelVersions versions) {
        this.engineTables = engineTables;
        this.versions = versions;
        this.runtime = runtime;
        this.management = management;
        this.repository = repository;
        this.accounts = accounts;
        this.cadences = cadences;
        this.routing = routing;
        this.capacity = capacity;
    }

    /**
     * Each account's touches from now until {@code until}, in date order; an account whose journeys
     * cannot be read (one that ended this moment, a diagram the reader cannot follow) is left out
     * and told to {@code onError}.
     */
    public Map<String, List<Touch>> planEach(Collection<Account> book, Instant until,
            java.util.function.BiConsumer<Account, RuntimeException> onError) {
        Instant now = EngineClock.now();
        Map<String, Optional<String>> blackouts = new HashMap<>();
        java.util.function.Function<Account, Slots.Blackouts> cached = account -> (day, cadence) -> blackouts.computeIfAbsent(
                day + "/" + cadence + "/" + account.industry(), k -> cadences.blackouts(account.industry()).reason(day, cadence));
        Map<String, List<Touch>> plans = new HashMap<>();
        List<Account> active = book.stream().filter(Account::isActive).toList();
        book.stream().filter(a -> !a.isActive()).forEach(a -> plans.put(a.externalId(), List.of()));
        for (int from = 0; from < active.size(); from += SNAPSHOT_ACCOUNTS) {
            List<Account> part = active.subList(from, Math.min(active.size(), from + SNAPSHOT_ACCOUNTS));
            Snapshot snapshot = new Snapshot(part);
            for (Account account : part) {
                List<Touch> plan = new ArrayList<>();
                try {
                    new Projection(account, now, until, cached.apply(account), plan, snapshot).run();
                    plan.sort(IN_PAGE_ORDER);
                    plans.put(account.externalId(), plan);
                } catch (RuntimeException e) {
                    onError.accept(account, e);
                }
            }
        }
        return plans;
    }

    /** By the account's own day first (the day the page shows), then by moment, account and step. */
    private static final Comparator<Touch> IN_PAGE_ORDER = Comparator.comparing(Touch::date).thenComparing(Touch::at)
            .thenComparing(Touch::account).thenComparing(Touch::step);

    /** The touches of the given accounts planned from now until {@code until}, in date order. */
    public List<Touch> plan(Collection<Account> book, Instant until) {
        Instant now = EngineClock.now();
        Map<String, Optional<String>> blackouts = new HashMap<>();
        java.util.function.Function<Account, Slots.Blackouts> cached = account -> (day, cadence) -> blackouts.computeIfAbsent(
                day + "/" + cadence + "/" + account.industry(), k -> cadences.blackouts(account.industry()).reason(day, cadence));
        List<Touch> plan = new ArrayList<>();
        List<Account> active = book.stream().filter(Account::isActive).toList();
        for (int from = 0; from < active.size(); from += SNAPSHOT_ACCOUNTS) {
            List<Account> part = active.subList(from, Math.min(active.size(), from + SNAPSHOT_ACCOUNTS));
            Snapshot snapshot = new Snapshot(part);
            for (Account account : part) {
                new Projection(account, now, until, cached.apply(account), plan, snapshot).run();
            }
        }
        // by the account's own day first (the day the page shows), then by moment: 09:00 in Tokyo is
        // the previous day in UTC, and must not sort a Tuesday touch among Monday's
        plan.sort(Comparator.comparing(Touch::date).thenComparing(Touch::at).thenComparing(Touch::account)
                .thenComparing(Touch::step));
        return plan;
    }

    /**
     * What the engine holds for some accounts (their journeys, variables, open tasks, waiting
     * timers, own rhythms), read in a few queries for all of them rather than a few for each.
     */
    private final class Snapshot {
        final Map<String, List<EngineTables.ProcessInstanceRow>> instances = new HashMap<>();
        final Map<String, Map<String, Object>> variables = new HashMap<>();
        final Map<String, List<EngineTables.OpenTask>> openTasks = new HashMap<>();
        final Map<String, String> candidateGroups;
        final Map<String, List<Job>> timers = new HashMap<>();
        final Map<String, Map<String, String>> rhythms;

        Snapshot(List<Account> accounts) {
            List<String> keys = accounts.stream().map(Account::externalId).toList();
            List<EngineTables.ProcessInstanceRow> rows = engineTables.activeProcessInstances(keys);
            rows.forEach(r -> instances.computeIfAbsent(r.businessKey(), k -> new ArrayList<>()).add(r));
            String[] ids = rows.stream().map(EngineTables.ProcessInstanceRow::id).toArray(String[]::new);
            if (ids.length > 0) {
                // variables of the process instances themselves (a journey that ends meanwhile is simply not there)
                runtime.createVariableInstanceQuery().processInstanceIdIn(ids).list().stream()
                        .filter(v -> v.getProcessInstanceId().equals(v.getExecutionId()))
                        .forEach(v -> variables.computeIfAbsent(v.getProcessInstanceId(), k -> new HashMap<>())
                                .put(v.getName(), v.getValue()));
                engineTables.openTasks(List.of(ids))
                        .forEach(t -> openTasks.computeIfAbsent(t.processInstanceId(), k -> new ArrayList<>()).add(t));
                management.createJobQuery().processInstanceIds(Set.of(ids)).timers().list()
                        .forEach(j -> timers.computeIfAbsent(j.getProcessInstanceId(), k -> new ArrayList<>()).add(j));
            }
            candidateGroups = engineTables.candidateGroups(openTasks.values().stream().flatMap(List::stream)
                    .filter(t -> t.assignee() == null).map(EngineTables.OpenTask::id).toList());
            rhythms = cadences.overrides(keys);
        }
    }

    private BpmnModelInstance model(String processDefinitionId) {
        return models.computeIfAbsent(processDefinitionId, repository::getBpmnModelInstance);
    }

    /** The latest version of a process (what a call activity bound to "latest" starts), looked up again after a deployment. */
    private org.camunda.bpm.engine.repository.ProcessDefinition latest(String key) {
        long generation = versions.generation();
        var known = latestDefinitions.get(key);
        if (known != null && known.generation() == generation && System.nanoTime() - known.readAt() < LATEST_REFRESH_NANOS) {
            return known.definition();
        }
        var definition = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
        if (definition != null) {
            latestDefinitions.put(key, new Latest(definition, generation, System.nanoTime()));
        }
        return definition;
    }

    private record Latest(org.camunda.bpm.engine.repository.ProcessDefinition definition, long generation, long readAt) {
    }

    /** The timers and other jobs a deployed process has (a deployment never changes). */
    private Map<String, JobDefinition> jobDefinitions(String processDefinitionId) {
        return jobDefinitions.computeIfAbsent(processDefinitionId, id -> {
            Map<String, JobDefinition> definitions = new HashMap<>();
            management.createJobDefinitionQuery().processDefinitionId(id).list().forEach(d -> definitions.put(d.getId(), d));
            return Map.copyOf(definitions);
        });
    }

    /** The projection of one account: its journeys' waiting timers followed forward through the diagrams. */
    private final class Projection {
        private final Account account;
        private final Instant now;
        private final Instant until;
        private final Slots.Blackouts blackouts;
        private final List<Touch> plan;
        private final ZoneId zone;
        private final Set<String> seen = new HashSet<>();
        private int steps;

        private final Snapshot snapshot;

        Projection(Account account, Instant now, Instant until, Slots.Blackouts blackouts, List<Touch> plan,
                Snapshot snapshot) {
            this.snapshot = snapshot;
            this.account = account;
            this.now = now;
            this.until = until;
            this.blackouts = blackouts;
            this.plan = plan;
            this.zone = account.timeZone();
        }

        void run() {
            for (EngineTables.ProcessInstanceRow instance : snapshot.instances.getOrDefault(account.externalId(), List.of())) {
                BpmnModelInstance model = model(instance.processDefinitionId());
                Map<String, Object> variables = snapshot.variables.getOrDefault(instance.id(), Map.of());
                openTasks(instance, model, variables);
                Map<String, JobDefinition> definitions = jobDefinitions(instance.processDefinitionId());
                for (Job timer : snapshot.timers.getOrDefault(instance.id(), List.of())) {
                    JobDefinition definition = definitions.get(timer.getJobDefinitionId());
                    if (definition == null || timer.getDuedate() == null) {
                        continue;
                    }
                    ModelElementInstance element = model.getModelElementById(definition.getActivityId());
                    if (element instanceof IntermediateCatchEvent event) {
                        fire(event, timer.getDuedate().toInstant(), variables, SOURCE_WAITING);
                    }
                }
            }
        }

        /**
         * The open tasks, on their due day (today if overdue), and what follows each: the diagram
         * onwards from the day it is due, as if done then (the next onboarding day, the loop's next slot).
         */
        private void openTasks(EngineTables.ProcessInstanceRow instance, BpmnModelInstance model,
                Map<String, Object> variables) {
            snapshot.openTasks.getOrDefault(instance.id(), List.of()).forEach(task -> {
                Instant due = task.dueDate() != null ? task.dueDate() : now;
                ModelElementInstance element = model.getModelElementById(task.taskDefinitionKey());
                // the form the task opens, as its step in the diagram names it
                String kind = element instanceof UserTask userTask ? userTask.getCamundaFormRef() : null;
                String owner = task.assignee() != null ? task.assignee() : snapshot.candidateGroups.get(task.id());
                String name = element instanceof FlowNode node && node.getName() != null ? clean(node.getName()) : task.name();
                Instant at = due.isBefore(now) ? now : due; // overdue: still to do, now
                if (at.isBefore(until)) {
                    plan.add(new Touch(at.atZone(zone).toLocalDate(), at, account.externalId(), account.name(),
                            account.tier().code(), task.taskDefinitionKey(), name, kind, true, owner,
                            capacity.effortOf(kind), SOURCE_OPEN_TASK));
                    if (element instanceof FlowNode node) {
                        follow(outgoing(node), at, variables, SOURCE_PLANNED);
                    }
                }
            });
        }

        /** The period of a cadence loop: the account's own rhythm, else the diagram's default. */
        private String every(String cadence, String defaultPeriod) {
            return snapshot.rhythms.getOrDefault(account.externalId(), Map.of()).getOrDefault(cadence, defaultPeriod);
        }

        /**
         * A timer fires at {@code at}: its touches, and the diagram onwards to the next waits. A
         * cadence loop comes back to its timer, whose next slot is then reckoned from that day, as
         * the engine does when the token arrives: loops that alternate (a call month, then an email
         * month) and loops inside loops are followed as one chain, each occurrence once.
         */
        private void fire(IntermediateCatchEvent timer, Instant at, Map<String, Object> variables, String source) {
            if (!at.isBefore(until) || ++steps > MAX_STEPS) {
                return;
            }
            if (!seen.add(timer.getId() + "@" + at)) {
                return;
            }
            follow(outgoing(timer), at, variables, source);
        }

        /** Walks from these nodes at time {@code at} to the next waits, recording touches on the way. */
        private void follow(Collection<FlowNode> start, Instant at, Map<String, Object> variables, String source) {
            Deque<FlowNode> open = new ArrayDeque<>(start);
            Set<String> visited = new HashSet<>();
            while (!open.isEmpty() && ++steps <= MAX_STEPS) {
                FlowNode node = open.poll();
                if (!visited.add(node.getId())) {
                    continue;
                }
                if (node instanceof IntermediateCatchEvent event) {
                    timerTime(event, at, variables).ifPresent(next -> fire(event, next, variables, SOURCE_PLANNED));
                    continue; // a message or signal waits for the world
                }
                if (node instanceof UserTask task) {
                    record(task, at, humanKind(task), true, owner(task), source);
                } else if (node instanceof ServiceTask task && task.getCamundaDelegateExpression() != null) {
                    String delegate = task.getCamundaDelegateExpression();
                    if (delegate.equals("${sendEmail}")) {
                        record(task, at, KIND_EMAIL, false, null, source);
                    } else if (delegate.equals("${sendInApp}")) {
                        record(task, at, KIND_IN_APP, false, null, source);
                    }
                } else if (node instanceof CallActivity call) {
                    enter(call, at, variables, source);
                    continue; // the journey goes on when the called process ends: beyond what can be known
                } else if (node instanceof SubProcess sub && !sub.triggeredByEvent()) {
                    sub.getChildElementsByType(StartEvent.class).forEach(open::add);
                    continue;
                } else if (node instanceof EndEvent end) {
                    if (end.getParentElement() instanceof SubProcess sub) {
                        open.addAll(outgoing(sub));
                    }
                    continue;
                }
                if (node instanceof ExclusiveGateway gateway) {
                    open.addAll(decide(gateway, at, variables));
                } else {
                    open.addAll(outgoing(node));
                }
            }
        }

        /** A call activity (the renewal countdown): its diagram, with the variables it is given. */
        private void enter(CallActivity call, Instant at, Map<String, Object> variables, String source) {
            var called = latest(call.getCalledElement());
            if (called == null) {
                return;
            }
            Map<String, Object> given = new HashMap<>();
            for (CamundaIn in : call.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class)
                    .stream().flatMap(e -> e.getChildElementsByType(CamundaIn.class).stream()).toList()) {
                if (in.getCamundaSource() != null && in.getCamundaTarget() != null) {
                    given.put(in.getCamundaTarget(), variables.get(in.getCamundaSource()));
                } else if (in.getCamundaSourceExpression() != null && in.getCamundaTarget() != null) {
                    Matcher literal = LITERAL.matcher(in.getCamundaSourceExpression());
                    if (literal.matches()) {
                        given.put(in.getCamundaTarget(), literal.group(1));
                    }
                }
            }
            BpmnModelInstance model = model(called.getId());
            model.getModelElementsByType(StartEvent.class).stream()
                    .filter(s -> s.getParentElement() instanceof org.camunda.bpm.model.bpmn.instance.Process)
                    .forEach(s -> follow(List.of(s), at, given, source));
        }

        private void record(FlowNode node, Instant at, String kind, boolean human, String owner, String source) {
            if (at.isBefore(now) || !at.isBefore(until)) {
                return;
            }
            plan.add(new Touch(at.atZone(zone).toLocalDate(), at, account.externalId(), account.name(),
                    account.tier().code(), node.getId(), clean(node.getName() != null ? node.getName() : node.getId()),
                    kind, human, owner, human ? capacity.effortOf(kind) : 0, source));
        }

        private String owner(UserTask task) {
            String audience = listenerField(task, "audience").orElse(TaskRouting.AUDIENCE_OWNER);
            return routing.ownerOf(account, audience).id();
        }

        /** When a timer on the way fires, if its expression is one the diagrams use. */
        private Optional<Instant> timerTime(IntermediateCatchEvent event, Instant at, Map<String, Object> variables) {
            TimerEventDefinition timer = event.getEventDefinitions().stream().filter(TimerEventDefinition.class::isInstance)
                    .map(TimerEventDefinition.class::cast).findFirst().orElse(null);
            if (timer == null) {
                return Optional.empty();
            }
            if (timer.getTimeDuration() != null) {
                String duration = timer.getTimeDuration().getTextContent().trim();
                return duration.startsWith("P") ? Optional.of(Schedule.plus(at, duration)) : Optional.empty();
            }
            TimerExpression t = TimerExpression.parse(timerExpression(event), false);
            Object base = t.variable() == null ? null : variables.get(t.variable());
            Date date = switch (t.kind()) {
                case AFTER -> base == null ? null : Schedule.after(base, t.period(), zone, blackouts);
                case BEFORE -> base == null ? null : Schedule.before(base, t.period(), zone, blackouts);
                case ON -> base == null ? null : Schedule.on(base, zone, blackouts);
                case CADENCE -> Schedule.atLocalMorning(Cadences.nextSlot(Slots.keyOf(account.externalId()), t.cadence(),
                        every(t.cadence(), t.period()), at.atZone(zone).toLocalDate(), blackouts), zone);
                default -> null;
            };
            if (date == null) {
                return Optional.empty();
            }
            // a date already past fires at once, as the engine does
            return Optional.of(date.toInstant().isBefore(at) ? at : date.toInstant());
        }

        /**
         * The flow an exclusive gateway takes, as the engine decides: the first in order whose
         * condition holds (a flow without a condition always does), else the default. A condition
         * that cannot be decided ahead (an outcome a person gives) ends the projection there.
         */
        private List<FlowNode> decide(ExclusiveGateway gateway, Instant at, Map<String, Object> variables) {
            SequenceFlow fallback = gateway.getDefault();
            for (SequenceFlow flow : gateway.getOutgoing()) {
                if (flow == fallback) {
                    continue;
                }
                ConditionExpression condition = flow.getConditionExpression();
                if (condition == null) {
                    return List.of(flow.getTarget());
                }
                Optional<Boolean> holds = Conditions.evaluate(condition.getTextContent(), variables, at, zone);
                if (holds.isEmpty()) {
                    return List.of();
                }
                if (holds.get()) {
                    return List.of(flow.getTarget());
                }
            }
            return fallback != null ? List.of(fallback.getTarget()) : List.of();
        }
    }

    private static List<FlowNode> outgoing(FlowNode node) {
        return node.getOutgoing().stream().map(SequenceFlow::getTarget)
                .filter(Predicate.not(BoundaryEvent.class::isInstance)).toList();
    }

    private static String timerExpression(IntermediateCatchEvent event) {
        return event.getEventDefinitions().stream().filter(TimerEventDefinition.class::isInstance)
                .map(TimerEventDefinition.class::cast)
                .map(t -> t.getTimeDate() != null ? t.getTimeDate().getTextContent()
                        : t.getTimeDuration() != null ? t.getTimeDuration().getTextContent() : "")
                .findFirst().orElse("").trim();
    }

    private static String humanKind(UserTask task) {
        return task.getCamundaFormRef();
    }

    private static Optional<String> listenerField(UserTask task, String name) {
        return task.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.ExtensionElements.class).stream()
                .flatMap(e -> e.getChildElementsByType(CamundaTaskListener.class).stream())
                .flatMap(l -> l.getCamundaFields().stream())
                .filter(f -> name.equals(f.getCamundaName()))
                .map(TouchCalendar::fieldValue).filter(v -> v != null && !v.isBlank()).findFirst();
    }

    private static String fieldValue(CamundaField field) {
        if (field.getCamundaStringValue() != null) {
            return field.getCamundaStringValue();
        }
        return field.getCamundaString() != null ? field.getCamundaString().getTextContent().trim() : null;
    }

    private static String clean(String name) {
        return name.replaceAll("\\s+", " ").trim();
    }

    /** The gateways in the diagrams read few variables; only these forms are decided ahead. */
    static final class Conditions {
        private static final Pattern BOOLEAN = Pattern.compile("(!?)\\s*(\\w+)");
        private static final Pattern EQUALS = Pattern.compile("(\\w+)\\s*(==|!=)\\s*'([^']*)'");
        private static final Pattern DAYS_UNTIL = Pattern.compile("schedule\\.daysUntil\\((\\w+)\\)\\s*(>=|<=|>|<)\\s*(\\d+)");
        private static final Pattern DAYS_SINCE = Pattern.compile("schedule\\.daysSince\\((\\w+)\\)\\s*(>=|<=|>|<)\\s*(\\d+)");
        private static final Pattern NUMBER = Pattern.compile("(\\w+)\\s*(>=|<=|>|<)\\s*(\\d+)");

        private Conditions() {
        }

        static Optional<Boolean> evaluate(String text, Map<String, Object> variables, Instant at, ZoneId zone) {
            String expression = text.trim().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            if (!expression.startsWith("${") || !expression.endsWith("}")) {
                return Optional.empty();
            }
            expression = expression.substring(2, expression.length() - 1).trim();
            boolean any = false;
            for (String alternative : expression.split("\\|\\|")) {
                boolean all = true;
                for (String part : alternative.split("&&")) {
                    Optional<Boolean> value = term(part.trim(), variables, at, zone);
                    if (value.isEmpty()) {
                        return Optional.empty();
                    }
                    all &= value.get();
                }
                any |= all;
            }
            return Optional.of(any);
        }

        private static Optional<Boolean> term(String term, Map<String, Object> variables, Instant at, ZoneId zone) {
            Matcher m;
            if ((m = DAYS_UNTIL.matcher(term)).matches()) {
                Object date = variables.get(m.group(1));
                return date == null ? Optional.empty()
                        : Optional.of(compare(Schedule.daysUntil(date, at, zone), m.group(2), Long.parseLong(m.group(3))));
            }
            if ((m = DAYS_SINCE.matcher(term)).matches()) {
                Object date = variables.get(m.group(1));
                return date == null ? Optional.empty()
                        : Optional.of(compare(Schedule.daysSince(date, at, zone), m.group(2), Long.parseLong(m.group(3))));
            }
            if ((m = EQUALS.matcher(term)).matches()) {
                Object value = variables.get(m.group(1));
                if (value == null) {
                    return Optional.empty();
                }
                boolean equal = m.group(3).equals(String.valueOf(value));
                return Optional.of(m.group(2).equals("==") == equal);
            }
            if ((m = NUMBER.matcher(term)).matches()) {
                Object value = variables.get(m.group(1));
                return value instanceof Number n
                        ? Optional.of(compare(n.longValue(), m.group(2), Long.parseLong(m.group(3)))) : Optional.empty();
            }
            if ((m = BOOLEAN.matcher(term)).matches()) {
                Object value = variables.get(m.group(2));
                return value instanceof Boolean b ? Optional.of(m.group(1).isEmpty() == b) : Optional.empty();
            }
            return Optional.empty();
        }

        private static boolean compare(long left, String operator, long right) {
            return switch (operator) {
                case ">" -> left > right;
                case ">=" -> left >= right;
                case "<" -> left < right;
                default -> left <= right;
            };
        }
    }
}
