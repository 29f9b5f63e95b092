package io.touchline.engine;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.history.HistoricDecisionInputInstance;
import org.camunda.bpm.engine.history.HistoricDecisionOutputInstance;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionInstanceEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * History that rolls: each history row of a running process (a step, a task, a variable change, a
 * decision, a job run, a user operation) is removed its process's history time to live after it was
 * written ({@code camunda:historyTimeToLive} in the diagram, P180D), not only that long after the
 * process ends. Journeys loop for years; with Camunda's own rule ("removal time" set when the root
 * process ends) a journey's history would grow for as long as the account stays, about a thousand
 * rows a year. With this, an account keeps at most the last TTL of it; the history cleanup (in its
 * window, {@code historyCleanupBatchWindowStartTime}) deletes the rest.
 *
 * <p>What stays: the process instance's own row (Cockpit lists it; Camunda sets its removal time when
 * it ends) and incidents (an open incident stays until it is resolved). When a process ends, Camunda
 * moves the removal time of all its rows to the end plus the TTL, as before.
 */
@Component
public class RollingHistory extends AbstractProcessEnginePlugin {

    private final boolean enabled;
    private final String window;

    public RollingHistory(@Value("${touchline.history.rolling:true}") boolean enabled,
            @Value("${touchline.history.cleanup-window:}") String window) {
        this.enabled = enabled;
        this.window = window == null ? "" : window.trim();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (!window.isEmpty()) {
            String[] hours = window.split("-");
            if (hours.length != 2 || !hours[0].trim().matches("\\d{2}:\\d{2}") || !hours[1].trim().matches("\\d{2}:\\d{2}")) {
                throw new IllegalStateException("touchline.history.cleanup-window must be HH:mm-HH:mm (e.g. 01:00-05:00), not '"
                        + window + "'");
            }
            configuration.setHistoryCleanupStrategy(ProcessEngineConfigurationImpl.HISTORY_CLEANUP_STRATEGY_REMOVAL_TIME_BASED);
            configuration.setHistoryCleanupBatchWindowStartTime(hours[0].trim());
            configuration.setHistoryCleanupBatchWindowEndTime(hours[1].trim());
        }
        if (!enabled || configuration.getHistoryEventHandler() != null) {
            return;
        }
        List<HistoryEventHandler> handlers = new ArrayList<>();
        if (configuration.getCustomHistoryEventHandlers() != null) {
            handlers.addAll(configuration.getCustomHistoryEventHandlers());
        }
        handlers.add(0, new Handler(new DbHistoryEventHandler()));
        configuration.setEnableDefaultDbHistoryEventHandler(false);
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    /** Gives each new history row of a running process its removal time, then writes it as Camunda does. */
    static final class Handler implements HistoryEventHandler {

        private final HistoryEventHandler database;
        private final Map<String, Integer> daysByDefinition = new ConcurrentHashMap<>();

        Handler(HistoryEventHandler database) {
            this.database = database;
        }

        @Override
        public void handleEvent(HistoryEvent event) {
            roll(event);
            database.handleEvent(event);
        }

        @Override
        public void handleEvents(List<HistoryEvent> events) {
            events.forEach(this::roll);
            database.handleEvents(events);
        }

        private void roll(HistoryEvent event) {
            if (event instanceof HistoricProcessInstanceEventEntity || event instanceof HistoricIncidentEventEntity) {
                return;
            }
            if (event instanceof HistoricDecisionEvaluationEvent evaluation) {
                HistoricDecisionInstanceEntity root = evaluation.getRootHistoricDecisionInstance();
                Date removal = root == null ? null : removalTime(root);
                if (removal != null) {
                    decision(root, removal);
                    if (evaluation.getRequiredHistoricDecisionInstances() != null) {
                        evaluation.getRequiredHistoricDecisionInstances().forEach(required -> decision(required, removal));
                    }
                }
                return;
            }
            Date removal = removalTime(event);
            if (removal != null) {
                event.setRemovalTime(removal);
            }
        }

        private static void decision(HistoricDecisionInstanceEntity decision, Date removal) {
            decision.setRemovalTime(removal);
            if (decision.getInputs() != null) {
                for (HistoricDecisionInputInstance input : decision.getInputs()) {
                    ((HistoryEvent) input).setRemovalTime(removal);
                }
            }
            if (decision.getOutputs() != null) {
                for (HistoricDecisionOutputInstance output : decision.getOutputs()) {
                    ((HistoryEvent) output).setRemovalTime(removal);
                }
            }
        }

        /** Now plus the process's TTL, for a row of a process (not yet given one); else null. */
        private Date removalTime(HistoryEvent event) {
            if (event.getRemovalTime() != null || event.getProcessDefinitionId() == null
                    || event.getRootProcessInstanceId() == null) {
                return null;
            }
            Integer days = daysByDefinition.computeIfAbsent(event.getProcessDefinitionId(), Handler::timeToLive);
            if (days == null || days < 0) {
                return null;
            }
            return new Date(ClockUtil.getCurrentTime().getTime() + days * 86_400_000L);
        }

        private static Integer timeToLive(String processDefinitionId) {
            ProcessDefinitionEntity definition = Context.getProcessEngineConfiguration().getDeploymentCache()
                    .findDeployedProcessDefinitionById(processDefinitionId);
            Integer days = definition == null ? null : definition.getHistoryTimeToLive();
            return days == null ? -1 : days; // computeIfAbsent keeps no nulls
        }
    }
}
