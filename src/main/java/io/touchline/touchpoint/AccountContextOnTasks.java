package io.touchline.touchpoint;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;

/**
 * What a CSM needs on a task's form about its account, as the task's own variables that the forms
 * show ({@code {{accountHealth}}} and the like in a text field): name, ARR, health, the renewal date
 * and how far it is, the last conversation and the account page's address. Written when the task is
 * created and again when someone claims it, so a task that waited shows the figures of its claim.
 * A built-in listener on every user task of every diagram, so no diagram has to carry it.
 */
@Component
public class AccountContextOnTasks extends AbstractProcessEnginePlugin {

    public static final String NAME = "accountName";
    public static final String ARR = "accountArr";
    public static final String HEALTH = "accountHealth";
    public static final String RENEWAL = "accountRenewal";
    public static final String LAST_TOUCH = "accountLastTouch";
    public static final String PAGE = "accountPage";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final AccountRepository accounts;
    private final JdbcTemplate jdbc;

    AccountContextOnTasks(AccountRepository accounts, JdbcTemplate jdbc) {
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        TaskListener context = this::write;
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
                    userTask.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, context);
                    userTask.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, context);
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    void write(DelegateTask task) {
        if (TaskListener.EVENTNAME_ASSIGNMENT.equals(task.getEventName()) && task.getVariableLocal(NAME) != null
                && java.util.Objects.equals(task.getCreateTime(), org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime())) {
            return; // assigned as it is created (a dedicated CSM's task): the figures were just written
        }
        String externalId = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        Account account = externalId == null ? null : accounts.findByExternalId(externalId).orElse(null);
        if (account == null) {
            return;
        }
        ZoneId zone = account.timeZone();
        LocalDate today = EngineClock.today(zone);
        long days = java.time.temporal.ChronoUnit.DAYS.between(today, account.renewalDate());
        task.setVariableLocal(NAME, account.name());
        task.setVariableLocal(ARR, "$" + String.format(Locale.US, "%,.0f", account.arr()));
        task.setVariableLocal(HEALTH, account.healthScore() == null ? "no score yet"
                : account.healthScore() + (account.atRisk() ? " (at risk)" : ""));
        task.setVariableLocal(RENEWAL, DAY.format(account.renewalDate())
                + (days >= 0 ? " (in " + days + " days)" : " (" + -days + " days ago)"));
        task.setVariableLocal(LAST_TOUCH, lastConversation(account, zone));
        task.setVariableLocal(PAGE, "/accounts/" + java.net.URLEncoder.encode(externalId, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The latest touch a person recorded (not an automated message, an event or a preference change). */
    private String lastConversation(Account account, ZoneId zone) {
        return jdbc.query("select title, outcome, occurred_at from touchpoint where account_id = ? and owner <> ? "
                + "and channel not in ('system', 'web') order by occurred_at desc, id desc fetch first 1 rows only",
                (rs, n) -> rs.getString(1) + (rs.getString(2) == null ? "" : ", " + rs.getString(2)) + ", "
                        + DAY.format(LocalDate.ofInstant(rs.getTimestamp(3).toInstant(), zone)),
                account.id(), Touchpoint.OWNER_AUTOMATED).stream().findFirst().orElse("none yet");
    }
}
