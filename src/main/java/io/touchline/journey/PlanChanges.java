package io.touchline.journey;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.touchline.EngineClock;

/**
 * Tells the planned-touches read model (the calendar and capacity) which accounts' plans changed:
 * whenever a journey of an account moves (a step starts or ends, a timer fires, a task is created,
 * claimed, given a due date, completed or deleted, a journey starts or ends) and whenever Touchline
 * changes what its timers read (a health score, a renewal date, a rhythm, an owner). The account is
 * marked once per transaction, when it commits ({@code account_plan.stale}); the planner re-plans it
 * from the journeys and their diagrams. Listeners are the engine's built-in kind, so a journey moved
 * or deleted with "skip custom listeners" in Cockpit is marked too.
 */
@Component
public class PlanChanges extends AbstractProcessEnginePlugin {

    private static final String RESOURCE = PlanChanges.class.getName() + ".accounts";

    private final JdbcTemplate jdbc;
    private final boolean enabled;

    PlanChanges(JdbcTemplate jdbc, @Value("${touchline.planner.enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.enabled = enabled;
    }

    /** The account's plan changed in the current transaction (or now, outside one). */
    public void changed(String externalId) {
        if (!enabled || externalId == null) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            mark(List.of(externalId));
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> accounts = (Set<String>) TransactionSynchronizationManager.getResource(RESOURCE);
        if (accounts == null) {
            Set<String> fresh = new TreeSet<>();
            TransactionSynchronizationManager.bindResource(RESOURCE, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    mark(List.copyOf(fresh));
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(RESOURCE);
                }
            });
            accounts = fresh;
        }
        accounts.add(externalId);
    }

    /** Every account's plan (a deployment may change any of them: a blackout day, who gets a task). */
    public void changedForAll() {
        if (enabled) {
            jdbc.update("update account_plan set stale = true, changes = changes + 1");
        }
    }

    /**
     * In the order of their ids, so two transactions that mark the same accounts cannot wait for
     * each other; an account marked for the first time gets its row.
     */
    private void mark(List<String> externalIds) {
        Timestamp now = Timestamp.from(EngineClock.now());
        List<String> missing = new ArrayList<>();
        for (String id : externalIds) {
            if (jdbc.update("update account_plan set stale = true, changes = changes + 1, changed_at = ? where external_id = ?",
                    now, id) == 0) {
                missing.add(id);
            }
        }
        for (String id : missing) {
            jdbc.update("""
                    insert into account_plan (external_id, account_id, stale, changes, planned_changes, changed_at)
                    select external_id, id, true, 1, 0, ? from account where external_id = ?""", now, id);
        }
    }

    /** Puts the listeners on every step of every journey diagram as it is deployed. */
    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (!enabled) {
            return;
        }
        List<org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener> listeners =
                configuration.getCustomPostBPMNParseListeners() == null ? new ArrayList<>()
                        : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new ParseListener(this));
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private static final class ParseListener extends AbstractBpmnParseListener {
        private final ExecutionListener onStep;
        private final TaskListener onTask;

        ParseListener(PlanChanges changes) {
            this.onStep = (DelegateExecution execution) -> changes.changed(execution.getProcessBusinessKey());
            this.onTask = (DelegateTask task) -> changes.changed(task.getExecution() == null ? null
                    : task.getExecution().getProcessBusinessKey());
        }

        @Override
        public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
            processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, onStep);
            processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, onStep);
            addToActivities(processDefinition);
        }

        private void addToActivities(ScopeImpl scope) {
            for (ActivityImpl activity : scope.getActivities()) {
                activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, onStep);
                activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, onStep);
                if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
                    for (String event : List.of(TaskListener.EVENTNAME_CREATE, TaskListener.EVENTNAME_ASSIGNMENT,
                            TaskListener.EVENTNAME_UPDATE, TaskListener.EVENTNAME_COMPLETE, TaskListener.EVENTNAME_DELETE)) {
                        userTask.getTaskDefinition().addBuiltInTaskListener(event, onTask);
                    }
                }
                addToActivities(activity);
            }
        }
    }
}
