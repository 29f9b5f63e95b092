package io.touchline.messaging;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;

/**
 * "Show ... in the app" steps: renders the template named by the step's {@code template} field
 * (its plain-text part: the subject line becomes the title) into the account's in-app feed, which
 * the product reads over REST. Same templates and journeys as email, another channel.
 */
@Component("sendInApp")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class SendInAppDelegate implements JavaDelegate {

    static final String CHANNEL_IN_APP = "in-app";

    /** The {@code template} field set on the step in the Modeler (injected per use: a bean per call). */
    private Expression template;

    private final AccountRepository accounts;
    private final AccountMail mails;
    private final InAppFeed feed;
    private final TouchpointRepository touchpoints;

    SendInAppDelegate(AccountRepository accounts, AccountMail mails, InAppFeed feed, TouchpointRepository touchpoints) {
        this.accounts = accounts;
        this.mails = mails;
        this.feed = feed;
        this.touchpoints = touchpoints;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String name = String.valueOf(template.getValue(execution)).trim();
        Account account = accounts.findByExternalId(execution.getProcessBusinessKey())
                .orElseThrow(() -> new IllegalStateException("No account " + execution.getProcessBusinessKey()));
        if (!account.isActive()) {
            return;
        }
        String keyPrefix = account.externalId() + "/" + execution.getCurrentActivityId() + "/";
        int occurrence = feed.count(account.id(), keyPrefix) + 1;
        MailTemplates.Rendered rendered = mails.compose(account, name, execution.getVariables(), occurrence).mail();
        feed.add(keyPrefix + occurrence, account.id(), name, rendered.subject(), rendered.text());
        String step = execution.getCurrentActivityName() != null ? execution.getCurrentActivityName() : name;
        touchpoints.save(new Touchpoint(null, account.id(), name, step, CHANNEL_IN_APP, Touchpoint.OWNER_AUTOMATED,
                "shown", rendered.subject(), null, null, null, EngineClock.now()));
    }

    public void setTemplate(Expression template) {
        this.template = template;
    }
}
