package io.touchline.journey;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;

/**
 * Task listener on "create" of every human touch: who gets it comes from task-routing.dmn (the
 * dedicated CSM, the pod, the scale pool or the CS managers), the due date from the listener's
 * {@code due} field in the diagram (an ISO period such as P2D).
 */
@Component("assignTask")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class AssignTaskListener implements TaskListener {


    /** Fields set on the listener in the Modeler, injected per use (a bean per call). */
    private Expression audience;
    private Expression due;

    private final AccountRepository accounts;
    private final TaskRouting routing;

    AssignTaskListener(AccountRepository accounts, TaskRouting routing) {
        this.accounts = accounts;
        this.routing = routing;
    }

    @Override
    public void notify(DelegateTask task) {
        String externalId = task.getExecution().getProcessBusinessKey();
        Account account = accounts.findByExternalId(externalId)
                .orElseThrow(() -> new IllegalStateException("No account " + externalId + " for task " + task.getName()));
        // Tasklist lists a task by its name: say which account it is for
        String touch = task.getBpmnModelElementInstance() != null && task.getBpmnModelElementInstance().getName() != null
                ? task.getBpmnModelElementInstance().getName() : task.getName();
        task.setName(touch + " · " + account.name());
        task.setDescription(account.name() + " (" + externalId + "), " + account.tier().label() + ", ARR $"
                + String.format(java.util.Locale.US, "%,.0f", account.arr()) + ", renewal " + account.renewalDate() + ", primary contact "
                + account.primaryContact().name() + " <" + account.primaryContact().email() + ">");
        String audience = this.audience == null ? TaskRouting.AUDIENCE_OWNER : String.valueOf(this.audience.getValue(task)).trim();
        // no CSM or pod on the account (the API refuses that, old data might not): the CS managers
        TaskRouting.Owner owner = routing.ownerOf(account, audience);
        if (owner.user() != null) {
            task.setAssignee(owner.user());
        } else {
            task.addCandidateGroup(owner.group());
        }
        if (due != null) {
            // in working days of the account: a due date never falls on its weekend
            task.setDueDate(Schedule.dueAt(EngineClock.now(), String.valueOf(due.getValue(task)).trim(), account.timeZone()));
        }
    }

    public void setAudience(Expression audience) {
        this.audience = audience;
    }

    public void setDue(Expression due) {
        this.due = due;
    }
}
