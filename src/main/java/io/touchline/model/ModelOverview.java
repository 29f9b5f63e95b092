package io.touchline.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

import io.touchline.account.Tier;
import io.touchline.engine.EngineTables;
import io.touchline.journey.JourneyProcess;

/**
 * The deployed touch model as CS Ops see it on the Model page: per journey and shared process its versions, who
 * deployed each and when, how many running journeys and accounts sit on each, and what changed from each older
 * version to the latest in business words ({@link ProcessReading}); per decision table its versions and whether a
 * change already applies to running journeys (looked up at its latest version each time) or waits for a rollout
 * (bound to the version deployed with the diagram).
 */
@Component
public class ModelOverview {

    /** Who deployed a version when nobody signed in did: the application's own deployment of processes/ and forms/. */
    public static final String ON_START = "Touchline, on start";

    public record Model(List<ProcessView> processes, List<DecisionView> decisions, String forms) {
    }

    public record ProcessView(String key, String name, String kind, int latestVersion, long journeys, long accounts,
            long journeysOnOlderVersions, List<VersionView> versions, RenamedElements.File renamedInFile) {
    }

    public record VersionView(int version, String definitionId, Instant deployedAt, String deployedBy, String source,
            long journeys, long accounts, boolean latest, List<ProcessReading.Change> changesToLatest) {
    }

    public record DecisionView(String key, String name, int latestVersion, List<DecisionVersion> versions,
            boolean appliesAtOnce, String applies) {
    }

    public record DecisionVersion(int version, Instant deployedAt, String deployedBy) {
    }

    static final String JOURNEY = "journey";
    static final String SHARED = "shared process";
    static final String FORMS = "Forms are opened at their latest deployed version (formRefBinding latest): a changed "
            + "form applies to every task opened after it is deployed, on running journeys too.";

    private final RepositoryService repository;
    private final HistoryService history;
    private final EngineTables tables;
    private final Map<String, ProcessReading> readings = new java.util.concurrent.ConcurrentHashMap<>();
    /** Who made each deployment: it never changes, and the operation log it is read from grows with every task done. */
    private final Map<String, String> deployers = new java.util.concurrent.ConcurrentHashMap<>();

    private final RenamedElements renamedElements;

    ModelOverview(RepositoryService repository, HistoryService history, EngineTables tables, RenamedElements renamedElements) {
        this.renamedElements = renamedElements;
        this.repository = repository;
        this.history = history;
        this.tables = tables;
    }

    /** The renamed elements kept beside the diagram; a file CS Ops got wrong shows as its problem, not as a failed page. */
    private RenamedElements.File renamedFile(String processKey) {
        try {
            return renamedElements.of(processKey);
        } catch (io.touchline.web.InvalidInputException e) {
            return new RenamedElements.File(processKey + RenamedElements.SUFFIX, Map.of(), e.problems().get(0).message());
        }
    }

    public Model read() {
        Map<String, EngineTables.RunningOnVersion> running = tables.runningPerDefinition();
        Map<String, Deployment> deployments = repository.createDeploymentQuery().list().stream()
                .collect(Collectors.toMap(Deployment::getId, d -> d));
        Set<String> journeyKeys = java.util.Arrays.stream(Tier.values()).map(JourneyProcess::keyOf).collect(Collectors.toSet());

        Map<String, List<ProcessDefinition>> byKey = new TreeMap<>();
        repository.createProcessDefinitionQuery().withoutTenantId().list()
                .forEach(d -> byKey.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(d));
        List<ProcessView> processes = new ArrayList<>();
        Map<String, String> decisionBindings = new TreeMap<>();
        for (var entry : byKey.entrySet()) {
            List<ProcessDefinition> versions = entry.getValue().stream()
                    .sorted(Comparator.comparingInt(ProcessDefinition::getVersion).reversed()).toList();
            ProcessDefinition latest = versions.get(0);
            ProcessReading latestReading = reading(latest);
            latestReading.steps().values().stream().filter(s -> s.kind().equals(ProcessReading.DECISION)).forEach(s ->
                    decisionBindings.merge(s.details().get("asks"), latestReading.name() + ": " + s.details().get("version"),
                            (a, b) -> a + ", " + b));
            List<VersionView> views = new ArrayList<>();
            long journeys = 0;
            long accounts = 0;
            long older = 0;
            for (ProcessDefinition d : versions) {
                EngineTables.RunningOnVersion on = running.getOrDefault(d.getId(), new EngineTables.RunningOnVersion(0, 0));
                journeys += on.instances();
                accounts += on.accounts();
                boolean isLatest = d == latest;
                if (!isLatest) {
                    older += on.instances();
                }
                Deployment deployment = deployments.get(d.getDeploymentId());
                views.add(new VersionView(d.getVersion(), d.getId(), deployment == null ? null : deployment.getDeploymentTime().toInstant(),
                        deployers.computeIfAbsent(d.getDeploymentId(), this::deployer),
                        deployment == null ? null : deployment.getSource(), on.instances(), on.accounts(), isLatest,
                        isLatest ? List.of() : reading(d).changesTo(latestReading)));
            }
            processes.add(new ProcessView(entry.getKey(), latestReading.name(), journeyKeys.contains(entry.getKey()) ? JOURNEY : SHARED,
                    latest.getVersion(), journeys, accounts, older, views, renamedFile(entry.getKey())));
        }
        processes.sort(Comparator.comparing((ProcessView p) -> !p.kind().equals(JOURNEY)).thenComparing(ProcessView::key));

        Map<String, List<DecisionDefinition>> decisionsByKey = new TreeMap<>();
        repository.createDecisionDefinitionQuery().withoutTenantId().list()
                .forEach(d -> decisionsByKey.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(d));
        List<DecisionView> decisions = new ArrayList<>();
        for (var entry : decisionsByKey.entrySet()) {
            List<DecisionDefinition> versions = entry.getValue().stream()
                    .sorted(Comparator.comparingInt(DecisionDefinition::getVersion).reversed()).toList();
            String bindings = decisionBindings.get(entry.getKey());
            boolean pinned = bindings != null && !bindings.matches("([^,]*: latest)(, [^,]*: latest)*");
            String applies = pinned
                    ? "Bound to the version deployed with its diagram (" + bindings + "): running journeys keep the "
                            + "table they started with until they are rolled out to a new version of the diagram."
                    : "Looked up at its latest version each time" + (bindings == null ? " by Touchline" : " (" + bindings + ")")
                            + ": a change applies to running journeys as soon as it is deployed.";
            decisions.add(new DecisionView(entry.getKey(), versions.get(0).getName(), versions.get(0).getVersion(),
                    versions.stream().map(d -> {
                        Deployment deployment = deployments.get(d.getDeploymentId());
                        return new DecisionVersion(d.getVersion(), deployment == null ? null : deployment.getDeploymentTime().toInstant(),
                                deployers.computeIfAbsent(d.getDeploymentId(), this::deployer));
                    }).toList(), !pinned, applies));
        }
        return new Model(processes, decisions, FORMS);
    }

    /** The user who made the deployment (Modeler, Cockpit, /engine-rest, all signed in), else {@link #ON_START}. */
    private String deployer(String deploymentId) {
        return history.createUserOperationLogQuery().deploymentId(deploymentId)
                .operationType(UserOperationLogEntry.OPERATION_TYPE_CREATE).list().stream()
                .map(UserOperationLogEntry::getUserId).filter(java.util.Objects::nonNull).findFirst().orElse(ON_START);
    }

    /** A deployed version's reading; a version never changes once deployed, so it is read once. */
    private ProcessReading reading(ProcessDefinition definition) {
        return readings.computeIfAbsent(definition.getId(),
                id -> ProcessReading.of(repository.getBpmnModelInstance(id), definition.getKey()));
    }
}
