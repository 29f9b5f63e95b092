package io.touchline.model;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionBuilder;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.touchline.EngineClock;
import io.touchline.journey.PlanChanges;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.web.ConflictException;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;

/**
 * Rolls a changed journey out to the accounts already on it: the running journeys of older versions move to the
 * latest, as a Camunda migration batch in the background (each journey moves in its own transaction: after a crash
 * it has moved or it has not, and the batch goes on on any node).
 * <p>
 * The plan maps each element to the one of the same id in the latest version, or to the one CS Ops name for a
 * renamed element. A timer whose expression changed is evaluated again from the account's own dates (the day of
 * the journey from enrolment, a countdown step from the renewal date, a cadence's next slot); a day already past
 * is due at once, so its touch runs once, now. A timer that did not change keeps its due date; open tasks keep
 * their assignee and form values; no listener or input mapping runs, so nothing is sent again. A journey waiting
 * at an element the latest version does not have is refused before anything moves, with the account and the
 * element named. Each moved journey gets one line on its account's timeline.
 */
@Component
public class Rollouts {

    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);

    public static final String SELECTED = "selected";
    public static final String MOVED = "moved";
    public static final String REFUSED = "refused";
    public static final String ENDED = "ended";
    public static final String FAILED = "failed";
    public static final String TIMELINE_KIND = "model-rollout";

    /** A journey that was not moved, and why, in words. */
    public record Journey(String account, String processKey, int fromVersion, String outcome, String reason) {
    }

    public record Rollout(long id, String processKey, int toVersion, String startedBy, Instant startedAt,
            Instant finishedAt, String state, long selected, long moved, long ended, long refused, long failed,
            long waiting, List<Journey> notMoved, List<String> batchFailures, Long retryOf, String renamed) {
    }

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final PlanChanges plans;
    private final io.touchline.account.AccountZones zones;
    private final io.touchline.journey.Cadences cadences;
    private final org.camunda.bpm.engine.impl.interceptor.CommandExecutor commands;
    private final RenamedElements renamedElements;

    Rollouts(RepositoryService repository, RuntimeService runtime, ManagementService management, JdbcTemplate jdbc,
            TransactionTemplate transaction, PlanChanges plans, io.touchline.account.AccountZones zones,
            io.touchline.journey.Cadences cadences, org.camunda.bpm.engine.ProcessEngine engine, RenamedElements renamedElements) {
        this.renamedElements = renamedElements;
        this.commands = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getCommandExecutorTxRequired();
        this.zones = zones;
        this.cadences = cadences;
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.plans = plans;
    }

    /**
     * Starts a rollout of {@code processKey} to its latest version, from {@code fromVersion} or (null) every older
     * version with running journeys; {@code mapping} names, for a renamed element, its id in the latest version.
     */
    public Rollout start(String processKey, Integer fromVersion, Map<String, String> mapping, String user) {
        return start(processKey, fromVersion, mapping, user, null, null);
    }

    /**
     * Re-runs the journeys of rollout {@code id} that failed to move (a batch job that gave up, a Cockpit incident):
     * the rollout's batch, if it still waits on failed jobs, is ended (those journeys did not move), and a new rollout
     * with the same renamed elements moves them to the latest version, or refuses each with its reason.
     */
    public Rollout retry(long id, String user) {
        Rollout old = get(id);
        if (old.finishedAt() == null) {
            if (old.batchFailures().isEmpty()) {
                throw new ConflictException("id", "Rollout " + id + " is still moving journeys: re-run its failures when it ends");
            }
            for (String batch : batchIds(jdbc.queryForMap("select * from model_rollout where id = ?", id))) {
                if (management.createBatchQuery().batchId(batch).count() > 0) {
                    management.deleteBatch(batch, true);
                }
            }
            progress(id);
        }
        List<String> failed = jdbc.queryForList("select process_instance_id from model_rollout_journey where rollout_id = ? "
                + "and outcome = ?", String.class, id, FAILED);
        if (failed.isEmpty()) {
            throw new InvalidInputException("id", "rollout " + id + " has no failed journeys to re-run");
        }
        String mapping = jdbc.queryForObject("select mapping from model_rollout where id = ?", String.class, id);
        return start(old.processKey(), null, parseMapping(mapping), user, new HashSet<>(failed), id);
    }

    /** "old = new" a line, as the rollout keeps its renamed elements. */
    static String mappingToLines(Map<String, String> mapping) {
        StringBuilder lines = new StringBuilder();
        mapping.forEach((from, to) -> lines.append(from).append(" = ").append(to).append('\n'));
        return lines.toString();
    }

    /** "Task_Old = Task_New" a line, as CS Ops write renamed elements on the page; blank lines are skipped. */
    public static Map<String, String> parseMapping(String text) {
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        if (text == null) {
            return mapping;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] pair = line.split("\\s*=\\s*");
            if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
                throw new InvalidInputException("mapping", "line " + (i + 1) + ": '" + line
                        + "' is not 'old id = new id', e.g. Task_MilestoneCheckIn = Task_MilestoneCall");
            }
            mapping.put(pair[0].strip(), pair[1].strip());
        }
        return mapping;
    }

    private Rollout start(String processKey, Integer fromVersion, Map<String, String> mapping, String user, Set<String> only,
            Long retryOf) {
        ProcessDefinition target = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .latestVersion().withoutTenantId().singleResult();
        if (target == null) {
            throw new NotFoundException("No process '" + processKey + "' is deployed");
        }
        Map<String, String> renamed = mapping == null ? Map.of() : mapping;
        List<ProcessDefinition> sources = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .withoutTenantId().list().stream()
                .filter(d -> d.getVersion() < target.getVersion())
                .filter(d -> fromVersion == null || d.getVersion() == fromVersion)
                .sorted(java.util.Comparator.comparingInt(ProcessDefinition::getVersion)).toList();
        if (fromVersion != null && (fromVersion >= target.getVersion() || sources.isEmpty())) {
            throw new InvalidInputException("fromVersion", "'" + processKey + "' has no version " + fromVersion
                    + " older than its latest (v" + target.getVersion() + ")");
        }
        ProcessReading latest = ProcessReading.of(repository.getBpmnModelInstance(target.getId()), processKey);
        for (var entry : renamed.entrySet()) {
            if (!latest.steps().containsKey(entry.getValue())
                    && repository.getBpmnModelInstance(target.getId()).getModelElementById(entry.getValue()) == null) {
                throw new InvalidInputException("mapping." + entry.getKey(),
                        "v" + target.getVersion() + " of '" + processKey + "' has no element '" + entry.getValue() + "'");
            }
        }

        RenamedElements.File file = renamedElements.of(processKey);
        Selection selection = new Selection();
        for (ProcessDefinition source : sources) {
            select(source, target, latest, file, renamed, jdbc.query("select ID_, BUSINESS_KEY_ from ACT_RU_EXECUTION "
                    + "where ID_ = PROC_INST_ID_ and PROC_DEF_ID_ = ? order by ID_",
                    (rs, n) -> new String[] { rs.getString(1), rs.getString(2) }, source.getId()).stream()
                    .filter(j -> only == null || only.contains(j[0])).toList(), selection);
        }
        // the processes the journeys call at their latest version (the renewal countdown) move with them
        List<String> moving = selection.moves.stream().flatMap(m -> m.ids().stream()).toList();
        for (ProcessReading.Step call : latest.steps().values()) {
            if (!ProcessReading.CALL.equals(call.kind()) || !"latest".equals(call.details().get("version")) || (moving.isEmpty() && only == null)) {
                continue;
            }
            ProcessDefinition calledLatest = repository.createProcessDefinitionQuery()
                    .processDefinitionKey(call.details().get("calls")).latestVersion().withoutTenantId().singleResult();
            if (calledLatest == null) {
                continue;
            }
            Map<String, List<String[]>> called = new LinkedHashMap<>();
            for (int from = 0; from < moving.size(); from += 500) {
                List<String> part = moving.subList(from, Math.min(moving.size(), from + 500));
                jdbc.query("select S.ID_, S.BUSINESS_KEY_, S.PROC_DEF_ID_ from ACT_RU_EXECUTION S join ACT_RU_EXECUTION P "
                        + "on P.ID_ = S.SUPER_EXEC_ join ACT_RE_PROCDEF D on D.ID_ = S.PROC_DEF_ID_ where S.ID_ = S.PROC_INST_ID_ "
                        + "and D.KEY_ = ? and D.VERSION_ < ? and P.PROC_INST_ID_ in (" + "?,".repeat(part.size() - 1) + "?)",
                        (java.sql.ResultSet rs) -> {
                            called.computeIfAbsent(rs.getString(3), k -> new ArrayList<>())
                                    .add(new String[] { rs.getString(1), rs.getString(2) });
                        }, java.util.stream.Stream.concat(java.util.stream.Stream.of(calledLatest.getKey(), calledLatest.getVersion()),
                                part.stream()).toArray());
            }
            if (only != null) {
                // a re-run: the called instances that failed themselves, whose journey moved the first time
                Set<String> seen = new HashSet<>();
                called.values().forEach(list -> list.forEach(c -> seen.add(c[0])));
                for (String instance : only) {
                    if (!seen.contains(instance)) {
                        jdbc.query("select S.ID_, S.BUSINESS_KEY_, S.PROC_DEF_ID_ from ACT_RU_EXECUTION S join ACT_RE_PROCDEF D "
                                + "on D.ID_ = S.PROC_DEF_ID_ where S.ID_ = ? and S.ID_ = S.PROC_INST_ID_ and D.KEY_ = ? and D.VERSION_ < ?",
                                (java.sql.ResultSet rs) -> {
                                    called.computeIfAbsent(rs.getString(3), k -> new ArrayList<>())
                                            .add(new String[] { rs.getString(1), rs.getString(2) });
                                }, instance, calledLatest.getKey(), calledLatest.getVersion());
                    }
                }
            }
            ProcessReading calledReading = ProcessReading.of(repository.getBpmnModelInstance(calledLatest.getId()), calledLatest.getKey());
            for (var entry : called.entrySet()) {
                select(repository.getProcessDefinition(entry.getKey()), calledLatest, calledReading,
                        renamedElements.of(calledLatest.getKey()), Map.of(), entry.getValue(), selection);
            }
        }
        List<Object[]> rows = selection.rows;
        if (rows.isEmpty()) {
            throw new InvalidInputException("fromVersion", "no running journey of '" + processKey + "' is on "
                    + (fromVersion == null ? "an older version" : "v" + fromVersion) + ": nothing to roll out");
        }
        Instant now = EngineClock.now();
        Long id;
        try {
            id = transaction.execute(status -> {
                var keyHolder = new org.springframework.jdbc.support.GeneratedKeyHolder();
                jdbc.update(c -> {
                    var ps = c.prepareStatement("insert into model_rollout (process_key, to_version, to_definition_id, "
                            + "started_by, started_at, batch_ids, running_key, mapping, retry_of) values (?, ?, ?, ?, ?, '', ?, ?, ?)",
                            new String[] { "id" });
                    ps.setString(1, processKey);
                    ps.setInt(2, target.getVersion());
                    ps.setString(3, target.getId());
                    ps.setString(4, user);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setString(6, processKey);
                    ps.setString(7, renamed.isEmpty() ? null : mappingToLines(renamed));
                    if (retryOf == null) {
                        ps.setNull(8, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(8, retryOf);
                    }
                    return ps;
                }, keyHolder);
                long rollout = keyHolder.getKey().longValue();
                jdbc.batchUpdate("insert into model_rollout_journey (rollout_id, process_instance_id, account, process_key, "
                        + "from_version, to_definition_id, outcome, reason) values (" + rollout + ", ?, ?, ?, ?, ?, ?, ?)", rows);
                List<String> batches = new ArrayList<>();
                for (Move move : selection.moves) {
                    Batch batch = runtime.newMigration(move.plan()).processInstanceIds(move.ids())
                            .skipCustomListeners().skipIoMappings().executeAsync();
                    batches.add(batch.getId());
                }
                jdbc.update("update model_rollout set batch_ids = ? where id = ?", String.join(",", batches), rollout);
                LOG.info("Rollout {} of {} to v{} started by {}: {} journeys to move, {} refused", rollout, processKey,
                        target.getVersion(), user, moving.size(),
                        rows.stream().filter(r -> REFUSED.equals(r[5])).count());
                return rollout;
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException("processKey", "A rollout of '" + processKey + "' is already running: wait for it to end");
        }
        return get(id);
    }

    /** Journeys of one older version that move with one plan. */
    private record Move(MigrationPlan plan, List<String> ids) {
    }

    /** What a rollout will move: the moves, a row per journey. */
    private static final class Selection {
        final List<Move> moves = new ArrayList<>();
        final List<Object[]> rows = new ArrayList<>();
    }

    /**
     * Plans the move of {@code running} (process instance id, account) from {@code source} to {@code target}: a
     * journey waiting at an element the plan does not map is refused, with the element named. A journey waiting
     * for a day of the journey before which the new version adds a day still ahead of the account (day 35 of
     * onboarding, waiting for day 90, and a new day-45 email) moves to that new day, so it gets the new touch.
     */
    private void select(ProcessDefinition source, ProcessDefinition target, ProcessReading latest, RenamedElements.File file,
            Map<String, String> given, List<String[]> running, Selection selection) {
        if (running.isEmpty()) {
            return;
        }
        // the file beside the diagram where it applies to this version, then what CS Ops gave with the rollout
        Map<String, String> renamed = new LinkedHashMap<>(RenamedElements.applicable(file,
                repository.getBpmnModelInstance(source.getId()), repository.getBpmnModelInstance(target.getId())));
        renamed.putAll(given);
        MigrationPlan plan = plan(source, target, latest, renamed);
        Set<String> mapped = new HashSet<>();
        plan.getInstructions().forEach(i -> mapped.add(i.getSourceActivityId()));
        Set<String> ids = new HashSet<>();
        running.forEach(r -> ids.add(r[0]));
        Map<String, Set<String>> waitingAt = new HashMap<>();
        jdbc.query("select PROC_INST_ID_, ACT_ID_ from ACT_RU_EXECUTION where PROC_DEF_ID_ = ? and ACT_ID_ is not null",
                (java.sql.ResultSet rs) -> {
                    if (ids.contains(rs.getString(1))) {
                        waitingAt.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                    }
                }, source.getId());
        var sourceModel = repository.getBpmnModelInstance(source.getId());
        var targetModel = repository.getBpmnModelInstance(target.getId());
        Map<String, String> targetOf = new HashMap<>();
        plan.getInstructions().forEach(i -> targetOf.put(i.getSourceActivityId(), i.getTargetActivityId()));
        Map<String, List<ProcessReading.Step>> addedDaysBefore = new HashMap<>();
        Map<Map<String, String>, List<String>> groups = new LinkedHashMap<>();
        Map<String, Skip> skips = new HashMap<>();
        for (String[] journey : running) {
            Set<String> at = waitingAt.getOrDefault(journey[0], Set.of());
            Map<String, String> redirects = new java.util.TreeMap<>();
            List<String> skipped = new ArrayList<>();
            for (String a : at) {
                if (!mapped.contains(a)) {
                    Skip skip = skips.computeIfAbsent(a, w -> skip(sourceModel, targetModel, w));
                    if (skip != null) {
                        redirects.put(a, skip.to());
                        skipped.addAll(skip.skipped());
                    }
                }
            }
            List<String> unmapped = at.stream().filter(a -> !mapped.contains(a) && !redirects.containsKey(a))
                    .map(a -> {
                        var element = sourceModel.getModelElementById(a);
                        String name = element == null ? null : element.getAttributeValue("name");
                        return "'" + (name == null ? a : name) + "' (" + a + ")";
                    }).toList();
            if (!unmapped.isEmpty()) {
                selection.rows.add(new Object[] { journey[0], journey[1], source.getKey(), source.getVersion(), target.getId(),
                        REFUSED, "waiting at " + String.join(" and ", unmapped) + ", which v" + target.getVersion()
                                + " of " + source.getKey() + " does not have: map it to an element of v" + target.getVersion()
                                + " (a line in " + source.getKey() + RenamedElements.SUFFIX + " beside the diagram, or on the "
                                + "rollout form) or let the journey go past it" });
                continue;
            }
            for (String a : at) {
                if (redirects.containsKey(a)) {
                    continue;
                }
                List<ProcessReading.Step> added = addedDaysBefore.computeIfAbsent(targetOf.get(a),
                        t -> addedDaysBefore(targetModel, sourceModel, latest, t));
                for (ProcessReading.Step day : added) {
                    if (stillAhead(journey[0], journey[1], day)) {
                        redirects.put(a, day.id());
                        break;
                    }
                }
            }
            groups.computeIfAbsent(redirects, k -> new ArrayList<>()).add(journey[0]);
            selection.rows.add(new Object[] { journey[0], journey[1], source.getKey(), source.getVersion(), target.getId(),
                    SELECTED, skipped.isEmpty() ? null : "Skipped, as v" + target.getVersion() + " no longer has them: "
                            + String.join(", ", skipped.stream().map(n -> "'" + n + "'").toList()) });
        }
        for (var group : groups.entrySet()) {
            if (group.getKey().isEmpty()) {
                selection.moves.add(new Move(plan, group.getValue()));
            } else {
                Map<String, String> pairs = new LinkedHashMap<>(renamed);
                pairs.putAll(group.getKey());
                selection.moves.add(new Move(plan(source, target, latest, pairs), group.getValue()));
            }
        }
    }

    /** Where a journey waiting at a removed timer goes instead, and the removed steps it passes over. */
    private record Skip(String to, List<String> skipped) {
    }

    /**
     * A journey waiting for a timer the latest version removed goes on to the next timer of its way that the latest
     * version still has, passing over the removed steps (their touches no longer exist); null if the way branches
     * first, or it is not a timer (an open task is never dropped: such a journey is refused).
     */
    private static Skip skip(org.camunda.bpm.model.bpmn.BpmnModelInstance sourceModel,
            org.camunda.bpm.model.bpmn.BpmnModelInstance targetModel, String waiting) {
        if (!(sourceModel.getModelElementById(waiting) instanceof org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent node)
                || !isTimer(node)) {
            return null;
        }
        List<String> skipped = new ArrayList<>();
        skipped.add(node.getName() == null ? node.getId() : node.getName());
        org.camunda.bpm.model.bpmn.instance.FlowNode at = node;
        for (int i = 0; i < 50; i++) {
            String id = at.getId();
            List<org.camunda.bpm.model.bpmn.instance.SequenceFlow> outgoing = sourceModel
                    .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.SequenceFlow.class).stream()
                    .filter(f -> f.getSource().getId().equals(id)).toList();
            if (outgoing.size() != 1) {
                return null;
            }
            at = outgoing.get(0).getTarget();
            var kept = targetModel.getModelElementById(at.getId());
            if (kept != null) {
                return kept instanceof org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent next && isTimer(next)
                        ? new Skip(next.getId(), skipped) : null;
            }
            skipped.add(at.getName() == null ? at.getId() : at.getName());
        }
        return null;
    }

    private static boolean isTimer(org.camunda.bpm.model.bpmn.instance.CatchEvent event) {
        return event.getEventDefinitions().stream()
                .anyMatch(org.camunda.bpm.model.bpmn.instance.TimerEventDefinition.class::isInstance);
    }

    /**
     * The timers of the latest version on the way to {@code targetActivity}, added since {@code sourceModel} and
     * waiting for a day of the journey ({@code schedule.after(...)}), the earliest first.
     */
    private static List<ProcessReading.Step> addedDaysBefore(org.camunda.bpm.model.bpmn.BpmnModelInstance targetModel,
            org.camunda.bpm.model.bpmn.BpmnModelInstance sourceModel, ProcessReading latest, String targetActivity) {
        List<ProcessReading.Step> found = new ArrayList<>();
        if (targetActivity == null || !(targetModel.getModelElementById(targetActivity) instanceof org.camunda.bpm.model.bpmn.instance.FlowNode node)) {
            return found;
        }
        for (int i = 0; i < 50; i++) {
            // the flows' own source and target, not the diagram's incoming lists (a hand-edited file may not match)
            String id = node.getId();
            List<org.camunda.bpm.model.bpmn.instance.SequenceFlow> incoming = targetModel
                    .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.SequenceFlow.class).stream()
                    .filter(f -> f.getTarget().getId().equals(id)).toList();
            if (incoming.size() != 1) {
                break;
            }
            node = incoming.get(0).getSource();
            if (sourceModel.getModelElementById(node.getId()) != null) {
                break; // back where the older version was: nothing added before this
            }
            ProcessReading.Step step = latest.steps().get(node.getId());
            if (step != null && step.timer() != null && step.timer().kind() == TimerExpression.Kind.AFTER) {
                found.add(0, step);
            }
        }
        return found;
    }

    /** Whether the day a new timer waits for is still ahead of the journey's account. */
    private boolean stillAhead(String processInstanceId, String account, ProcessReading.Step day) {
        Object start = runtime.getVariable(processInstanceId, day.timer().variable());
        if (start == null) {
            return false;
        }
        java.time.ZoneId zone = account == null ? java.time.ZoneOffset.UTC : zones.of(account).orElse(java.time.ZoneOffset.UTC);
        return io.touchline.journey.Schedule.after(start, day.timer().period(), zone,
                cadences.blackouts(account == null ? null : zones.industryOf(account).orElse(null))).toInstant()
                .isAfter(EngineClock.now());
    }

    /**
     * The plan for one older version: each element of it mapped to the latest version's element of the same id
     * (or the one {@code renamed} names); a timer whose expression changed is evaluated again on the move.
     */
    private MigrationPlan plan(ProcessDefinition source, ProcessDefinition target, ProcessReading latest,
            Map<String, String> renamed) {
        ProcessReading older = ProcessReading.of(repository.getBpmnModelInstance(source.getId()), source.getKey());
        Map<String, String> pairs = new LinkedHashMap<>();
        try {
            for (MigrationInstruction i : runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities()
                    .build().getInstructions()) {
                pairs.put(i.getSourceActivityId(), i.getTargetActivityId());
            }
            pairs.putAll(renamed);
            MigrationPlanBuilder builder = runtime.createMigrationPlan(source.getId(), target.getId());
            for (var pair : pairs.entrySet()) {
                MigrationInstructionBuilder instruction = builder.mapActivities(pair.getKey(), pair.getValue());
                ProcessReading.Step was = older.steps().get(pair.getKey());
                ProcessReading.Step now = latest.steps().get(pair.getValue());
                if (was != null && now != null && ProcessReading.TIMER.equals(was.kind()) && ProcessReading.TIMER.equals(now.kind())
                        && !java.util.Objects.equals(was.details().get("when"), now.details().get("when"))) {
                    instruction = instruction.updateEventTrigger();
                }
                builder = instruction;
            }
            return builder.build();
        } catch (MigrationPlanValidationException e) {
            throw new InvalidInputException("mapping", "v" + source.getVersion() + " cannot be mapped to v"
                    + target.getVersion() + ": " + e.getMessage());
        }
    }

    /** A rollout as it stands; its moved journeys get their timeline line, a finished one is closed. */
    public Rollout get(long id) {
        progress(id);
        return read(id);
    }

    public List<Rollout> recent(int limit) {
        return jdbc.queryForList("select id from model_rollout order by id desc fetch first " + Math.max(1, limit) + " rows only",
                Long.class).stream().map(this::read).toList();
    }

    /** On every node, every few seconds: the running rollouts move on (the batch runs on the job executors). */
    @Scheduled(initialDelayString = "PT15S", fixedDelayString = "${touchline.rollouts.progress-interval:PT10S}")
    void progressRunning() {
        for (Long id : jdbc.queryForList("select id from model_rollout where finished_at is null", Long.class)) {
            try {
                progress(id);
            } catch (RuntimeException e) {
                LOG.warn("Rollout {}: progress not recorded this round: {}", id, e.toString());
            }
        }
    }

    private void progress(long id) {
        Map<String, Object> rollout = jdbc.queryForMap("select * from model_rollout where id = ?", id);
        if (rollout.get("FINISHED_AT") != null) {
            return;
        }
        // asked before the journeys are read: a journey that moves after this is still seen as moving, not failed
        boolean batchesEnded = batchIds(rollout).stream().noneMatch(b -> management.createBatchQuery().batchId(b).count() > 0);
        String target = (String) rollout.get("TO_DEFINITION_ID");
        String processKey = (String) rollout.get("PROCESS_KEY");
        List<Map<String, Object>> waiting = jdbc.queryForList("select process_instance_id, account, process_key, from_version, "
                + "to_definition_id, reason from model_rollout_journey where rollout_id = ? and outcome = ?", id, SELECTED);
        Map<Integer, String> changesByVersion = new HashMap<>();
        for (int from = 0; from < waiting.size(); from += 500) {
            List<Map<String, Object>> part = waiting.subList(from, Math.min(waiting.size(), from + 500));
            List<Object> ids = part.stream().map(r -> r.get("PROCESS_INSTANCE_ID")).toList();
            Map<String, String> definitionOf = new HashMap<>();
            jdbc.query("select ID_, PROC_DEF_ID_ from ACT_RU_EXECUTION where ID_ in (" + "?,".repeat(ids.size() - 1) + "?)",
                    (java.sql.ResultSet rs) -> {
                        definitionOf.put(rs.getString(1), rs.getString(2));
                    }, ids.toArray());
            List<Map<String, Object>> moved = new ArrayList<>();
            for (Map<String, Object> journey : part) {
                String instance = (String) journey.get("PROCESS_INSTANCE_ID");
                String now = definitionOf.get(instance);
                if (now == null) {
                    jdbc.update("update model_rollout_journey set outcome = ?, reason = ? where rollout_id = ? "
                            + "and process_instance_id = ? and outcome = ?", ENDED, "the journey ended before it was moved",
                            id, instance, SELECTED);
                } else if (now.equals(journey.get("TO_DEFINITION_ID"))) {
                    moved.add(journey);
                }
            }
            if (!moved.isEmpty()) {
                note(id, processKey, moved, v -> changesByVersion.computeIfAbsent(v, k -> summary(processKey, k, target)));
            }
        }
        if (batchesEnded) {
            // every batch had ended: what is still not on the latest version did not move
            jdbc.update("update model_rollout_journey set outcome = ?, reason = ? where rollout_id = ? and outcome = ?",
                    FAILED, "not moved: the batch ended without it", id, SELECTED);
            jdbc.update("update model_rollout set finished_at = ?, running_key = null where id = ? and finished_at is null",
                    Timestamp.from(EngineClock.now()), id);
        }
    }

    /**
     * The moved journeys' lines on their accounts' timelines, in one transaction: each journey is claimed as moved
     * once, whichever node sees it first, and only the one that claims it writes its line (one per account: for the
     * journey, not for the countdown it calls).
     */
    private void note(long rollout, String processKey, List<Map<String, Object>> moved,
            java.util.function.IntFunction<String> changesOf) {
        transaction.executeWithoutResult(status -> {
            Timestamp at = Timestamp.from(EngineClock.now());
            int[] claimed = jdbc.batchUpdate("update model_rollout_journey set outcome = ?, noted_at = ? where rollout_id = ? "
                    + "and process_instance_id = ? and outcome = ?", moved.stream().map(j -> new Object[] { MOVED, at, rollout,
                            j.get("PROCESS_INSTANCE_ID"), SELECTED }).toList());
            List<Map<String, Object>> lines = new ArrayList<>();
            for (int i = 0; i < moved.size(); i++) {
                Map<String, Object> journey = moved.get(i);
                if (claimed[i] != 0 && journey.get("ACCOUNT") != null && processKey.equals(journey.get("PROCESS_KEY"))) {
                    lines.add(journey);
                }
            }
            if (lines.isEmpty()) {
                return;
            }
            List<Object> accounts = lines.stream().map(j -> j.get("ACCOUNT")).distinct().toList();
            Map<String, Long> accountIds = new HashMap<>();
            jdbc.query("select external_id, id from account where external_id in (" + "?,".repeat(accounts.size() - 1) + "?)",
                    (java.sql.ResultSet rs) -> {
                        accountIds.put(rs.getString(1), rs.getLong(2));
                    }, accounts.toArray());
            // each journey's next timer after the move: what the account can expect, and when
            List<Object> instances = lines.stream().map(j -> j.get("PROCESS_INSTANCE_ID")).toList();
            Map<String, Object[]> nextTimer = new HashMap<>();
            jdbc.query("select J.PROCESS_INSTANCE_ID_, J.DUEDATE_, D.ACT_ID_ from ACT_RU_JOB J join ACT_RU_JOBDEF D "
                    + "on D.ID_ = J.JOB_DEF_ID_ where J.TYPE_ = 'timer' and J.PROCESS_INSTANCE_ID_ in ("
                    + "?,".repeat(instances.size() - 1) + "?)", (java.sql.ResultSet rs) -> {
                        Timestamp due = rs.getTimestamp(2);
                        Object[] known = nextTimer.get(rs.getString(1));
                        if (due != null && (known == null || due.before((Timestamp) known[0]))) {
                            nextTimer.put(rs.getString(1), new Object[] { due, rs.getString(3) });
                        }
                    }, instances.toArray());
            Map<String, List<String>> openTasks = new HashMap<>();
            jdbc.query("select PROC_INST_ID_, TASK_DEF_KEY_ from ACT_RU_TASK where PROC_INST_ID_ in ("
                    + "?,".repeat(instances.size() - 1) + "?) order by TASK_DEF_KEY_", (java.sql.ResultSet rs) -> {
                        openTasks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }, instances.toArray());
            Map<String, ProcessReading> readings = new HashMap<>();
            List<Object[]> rows = new ArrayList<>();
            for (Map<String, Object> journey : lines) {
                Long account = accountIds.get((String) journey.get("ACCOUNT"));
                if (account == null) {
                    continue;
                }
                int fromVersion = ((Number) journey.get("FROM_VERSION")).intValue();
                String changes = changesOf.apply(fromVersion);
                String title = "Moved to " + changes.substring(0, changes.indexOf('|')) + " (was v" + fromVersion + ")";
                String what = changes.substring(changes.indexOf('|') + 1);
                if (journey.get("REASON") != null) {
                    what = (what.isEmpty() ? "" : what + "\n") + journey.get("REASON");
                }
                ProcessReading reading = readings.computeIfAbsent((String) journey.get("TO_DEFINITION_ID"),
                        d -> ProcessReading.of(repository.getBpmnModelInstance(d), processKey));
                List<String> open = openTasks.get((String) journey.get("PROCESS_INSTANCE_ID"));
                if (open != null) {
                    what = (what.isEmpty() ? "" : what + "\n") + "Open now: " + String.join(", ", open.stream()
                            .map(t -> "'" + (reading.steps().containsKey(t) ? reading.steps().get(t).label() : t) + "'").toList());
                }
                Object[] next = nextTimer.get((String) journey.get("PROCESS_INSTANCE_ID"));
                if (next != null) {
                    ProcessReading.Step step = reading.steps().get((String) next[1]);
                    java.time.ZoneId zone = zones.of((String) journey.get("ACCOUNT")).orElse(java.time.ZoneOffset.UTC);
                    what = (what.isEmpty() ? "" : what + "\n") + "Next: '" + (step == null ? next[1] : step.label()) + "' on "
                            + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH)
                                    .format(((Timestamp) next[0]).toInstant().atZone(zone));
                }
                rows.add(new Object[] { account, TIMELINE_KIND, title.length() > 200 ? title.substring(0, 199) + "…" : title,
                        "system", Touchpoint.OWNER_AUTOMATED, what.isEmpty() ? null : what, at });
                plans.changed((String) journey.get("ACCOUNT"));
            }
            jdbc.batchUpdate("insert into touchpoint (account_id, kind, title, channel, owner, notes, occurred_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?)", rows);
        });
    }

    /** "Medium-touch journey (Tier 2) v2|What changed: change; change; and 2 more changes" for the timeline. */
    private String summary(String processKey, int fromVersion, String targetId) {
        ProcessDefinition from = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .processDefinitionVersion(fromVersion).withoutTenantId().singleResult();
        ProcessDefinition to = repository.getProcessDefinition(targetId);
        ProcessReading latest = ProcessReading.of(repository.getBpmnModelInstance(targetId), processKey);
        List<String> changes = ProcessReading.of(repository.getBpmnModelInstance(from.getId()), processKey).changesTo(latest)
                .stream().map(ProcessReading.Change::text).toList();
        String shown = String.join("; ", changes.subList(0, Math.min(3, changes.size())));
        return latest.name() + " v" + to.getVersion() + "|" + (changes.isEmpty() ? "" : "What changed: " + shown)
                + (changes.size() > 3 ? "; and " + (changes.size() - 3) + " more changes" : "");
    }

    private static List<String> batchIds(Map<String, Object> rollout) {
        String ids = (String) rollout.get("BATCH_IDS");
        return ids == null || ids.isBlank() ? List.of() : List.of(ids.split(","));
    }

    private Rollout read(long id) {
        Map<String, Object> r;
        try {
            r = jdbc.queryForMap("select * from model_rollout where id = ?", id);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            throw new NotFoundException("No rollout " + id);
        }
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("select outcome, count(*) from model_rollout_journey where rollout_id = ? group by outcome",
                (java.sql.ResultSet rs) -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, id);
        List<Journey> notMoved = jdbc.query("select account, process_key, from_version, outcome, reason from model_rollout_journey "
                + "where rollout_id = ? and outcome in (?, ?, ?) order by outcome, account", (rs, n) -> new Journey(
                        rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)), id, REFUSED, FAILED, ENDED);
        List<String> failures = new ArrayList<>();
        for (String batchId : batchIds(r)) {
            Batch batch = management.createBatchQuery().batchId(batchId).singleResult();
            if (batch != null) {
                for (var job : management.createJobQuery().jobDefinitionId(batch.getBatchJobDefinitionId()).withException().listPage(0, 50)) {
                    String message = commands.execute(c -> RolloutIncidents.describe(c, job.getId(), job.getExceptionMessage()));
                    failures.add(message + (job.getRetries() == 0 ? " (a Cockpit incident)" : " (will retry)"));
                }
            }
        }
        Instant finished = r.get("FINISHED_AT") == null ? null : ((Timestamp) r.get("FINISHED_AT")).toInstant();
        long failed = counts.getOrDefault(FAILED, 0L);
        String state = finished == null ? (failures.isEmpty() ? "running" : "running, with failures")
                : failed > 0 ? "done, with failures" : "done";
        long selected = counts.values().stream().mapToLong(Long::longValue).sum() - counts.getOrDefault(REFUSED, 0L);
        return new Rollout(id, (String) r.get("PROCESS_KEY"), ((Number) r.get("TO_VERSION")).intValue(),
                (String) r.get("STARTED_BY"), ((Timestamp) r.get("STARTED_AT")).toInstant(), finished, state, selected,
                counts.getOrDefault(MOVED, 0L), counts.getOrDefault(ENDED, 0L), counts.getOrDefault(REFUSED, 0L), failed,
                counts.getOrDefault(SELECTED, 0L), notMoved, failures,
                r.get("RETRY_OF") == null ? null : ((Number) r.get("RETRY_OF")).longValue(), (String) r.get("MAPPING"));
    }
}
