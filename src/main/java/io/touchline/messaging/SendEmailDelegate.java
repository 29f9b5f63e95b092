package io.touchline.messaging;


import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;

/**
 * "Send ... email" steps: the template named by the step's {@code template} field, for the
 * account's tier, to its primary contact, as that contact's preferences and the send rules allow
 * (see {@link AutomatedEmail}); written to the outbox in the engine's transaction. High-touch
 * emails come from, and reply to, the dedicated CSM.
 */
@Component("sendEmail")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class SendEmailDelegate implements JavaDelegate {

    /** The {@code template} field set on the step in the Modeler (injected per use: a bean per call). */
    private Expression template;

    private final AccountRepository accounts;
    private final AutomatedEmail email;
    private final Outbox outbox;
    private final InAppFeed feed;

    SendEmailDelegate(AccountRepository accounts, AutomatedEmail email, Outbox outbox, InAppFeed feed) {
        this.accounts = accounts;
        this.email = email;
        this.outbox = outbox;
        this.feed = feed;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = String.valueOf(this.template.getValue(execution)).trim();
        Account account = accounts.findByExternalId(execution.getProcessBusinessKey())
                .orElseThrow(() -> new IllegalStateException("No account " + execution.getProcessBusinessKey()));
        if (!account.isActive()) {
            return;
        }
        outbox.lockAccount(account.id());
        String idPrefix = account.externalId() + "/" + execution.getCurrentActivityId() + "/";
        // the step's emails so far, sent or shown in the app for a contact who prefers that
        int[] counts = outbox.countsFor(account.id(), idPrefix, template);
        int occurrence = counts[0] + feed.count(account.id(), idPrefix) + 1;
        String title = execution.getCurrentActivityName() != null ? execution.getCurrentActivityName() : template;
        email.send(account, account.primaryContact(), template, title, idPrefix + occurrence, execution.getVariables(),
                counts[1] + 1, null);
    }

    public void setTemplate(Expression template) {
        this.template = template;
    }
}
