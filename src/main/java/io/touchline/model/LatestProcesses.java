package io.touchline.model;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The latest deployed version of each journey diagram, remembered: Camunda asks the database for
 * the latest version of a key at every start by key, one query per account enrolled. A deployment
 * on this node is seen at once ({@link ModelVersions}), one made on another node within
 * {@code touchline.decisions.refresh} (5 s), as for the decision tables. (Deleting the latest
 * deployment of a journey from Cockpit makes enrolments fail for as long, until the older version is
 * seen as the latest.)
 */
@Component
public class LatestProcesses {

    private record Latest(String definitionId, long checkedAtNanos, long generation) {
    }

    private final RepositoryService repository;
    private final ModelVersions versions;
    private final long refreshNanos;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    LatestProcesses(RepositoryService repository, ModelVersions versions,
            @Value("${touchline.decisions.refresh:PT5S}") Duration refresh) {
        this.repository = repository;
        this.versions = versions;
        this.refreshNanos = refresh.toNanos();
    }

    /** The id of the latest version of the process {@code key} (without tenant). */
    public String idOf(String key) {
        Latest known = latest.get(key);
        long now = System.nanoTime();
        if (known != null && known.generation() == versions.generation() && now - known.checkedAtNanos() < refreshNanos) {
            return known.definitionId();
        }
        long seen = versions.generation();
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                .withoutTenantId().singleResult();
        if (definition == null) {
            throw new IllegalStateException("No process '" + key + "' is deployed (processes/" + key + ".bpmn)");
        }
        latest.put(key, new Latest(definition.getId(), now, seen));
        return definition.getId();
    }
}
