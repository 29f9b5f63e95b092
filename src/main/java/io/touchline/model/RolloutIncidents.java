package io.touchline.model;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ByteArrayEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A rollout's batch job that fails for the last time is a Cockpit incident, as every failed job is; Camunda's
 * message names only the process instance id. This handler puts the accounts whose journeys did not move, and
 * the process and version they are on, in front of Camunda's reason, so the incident says who is affected
 * ("Rollout: the journey of CRM-0042 (journey-medium-touch v1) did not move: ..."). Every other failed job's
 * incident is Camunda's own.
 */
@Component
public class RolloutIncidents extends AbstractProcessEnginePlugin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGE_LIMIT = 3900; // ACT_RU_INCIDENT.INCIDENT_MSG_ holds 4000

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<IncidentHandler> handlers = new ArrayList<>();
        if (configuration.getCustomIncidentHandlers() != null) {
            handlers.addAll(configuration.getCustomIncidentHandlers());
        }
        handlers.add(new Handler());
        configuration.setCustomIncidentHandlers(handlers);
    }

    static final class Handler extends DefaultIncidentHandler {

        Handler() {
            super(Incident.FAILED_JOB_HANDLER_TYPE);
        }

        @Override
        public Incident handleIncident(IncidentContext context, String message) {
            return super.handleIncident(context, describe(Context.getCommandContext(), context.getConfiguration(), message));
        }
    }

    /**
     * {@code message} with the accounts named, when {@code jobId} is a migration batch job; as it is otherwise. Runs
     * inside a command (the incident handler, or a caller's command).
     */
    static String describe(CommandContext command, String jobId, String message) {
        if (command == null || jobId == null) {
            return message;
        }
        JobEntity job = command.getJobManager().findJobById(jobId);
        if (job == null || !Batch.TYPE_PROCESS_INSTANCE_MIGRATION.equals(job.getJobHandlerType())
                || job.getJobHandlerConfigurationRaw() == null) {
            return message;
        }
        ByteArrayEntity configuration = command.getDbEntityManager().selectById(ByteArrayEntity.class,
                job.getJobHandlerConfigurationRaw());
        if (configuration == null || configuration.getBytes() == null) {
            return message;
        }
        List<String> journeys = new ArrayList<>();
        try {
            JsonNode ids = JSON.readTree(configuration.getBytes()).path("processInstanceIds");
            for (JsonNode id : ids) {
                ExecutionEntity instance = command.getExecutionManager().findExecutionById(id.asText());
                if (instance == null) {
                    journeys.add("process instance " + id.asText() + " (ended)");
                    continue;
                }
                ProcessDefinitionEntity definition = command.getProcessEngineConfiguration().getDeploymentCache()
                        .findDeployedProcessDefinitionById(instance.getProcessDefinitionId());
                journeys.add((instance.getBusinessKey() == null ? "process instance " + instance.getId()
                        : instance.getBusinessKey()) + " (" + definition.getKey() + " v" + definition.getVersion() + ")");
            }
        } catch (java.io.IOException | RuntimeException e) {
            return message; // the incident itself matters more than its wording
        }
        if (journeys.isEmpty()) {
            return message;
        }
        String text = "Rollout: the journey of " + String.join(", ", journeys) + " did not move: " + message;
        return text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT - 1) + "…" : text;
    }
}
