package io.touchline.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

import io.touchline.web.NotFoundException;
import io.touchline.whatif.WhatIfRuns;

/**
 * "What would this rollout do to the next weeks": a what-if over the live book with the latest deployed version of
 * a journey (and of the processes it calls) in place of the files Touchline started with, so the what-if page shows
 * CSM hours and emails per week with the new version against today's.
 */
@Component
public class RolloutPreview {

    private final RepositoryService repository;
    private final WhatIfRuns whatIf;

    RolloutPreview(RepositoryService repository, WhatIfRuns whatIf) {
        this.repository = repository;
        this.whatIf = whatIf;
    }

    /** Queues the what-if; its page is /whatif/{id}. */
    public WhatIfRuns.Run start(String processKey, int weeks) {
        ProcessDefinition latest = latest(processKey);
        Map<String, byte[]> files = new LinkedHashMap<>();
        add(files, latest);
        ProcessReading reading = ProcessReading.of(repository.getBpmnModelInstance(latest.getId()), processKey);
        reading.steps().values().stream().filter(s -> ProcessReading.CALL.equals(s.kind()))
                .filter(s -> "latest".equals(s.details().get("version")))
                .map(s -> s.details().get("calls")).distinct()
                .map(key -> repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                        .withoutTenantId().singleResult())
                .filter(java.util.Objects::nonNull).forEach(d -> add(files, d));
        return whatIf.start(weeks, List.of(), files);
    }

    private ProcessDefinition latest(String processKey) {
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .latestVersion().withoutTenantId().singleResult();
        if (definition == null) {
            throw new NotFoundException("No process '" + processKey + "' is deployed");
        }
        return definition;
    }

    /** The deployed file under its plain name (processes/x.bpmn when deployed on start, x.bpmn from the Modeler). */
    private void add(Map<String, byte[]> files, ProcessDefinition definition) {
        String name = definition.getResourceName().substring(definition.getResourceName().lastIndexOf('/') + 1);
        try (InputStream in = repository.getResourceAsStream(definition.getDeploymentId(), definition.getResourceName())) {
            files.put(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
