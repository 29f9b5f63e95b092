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
import io.touchline.account.Contact;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;

/**
 * "Send ... email" steps: renders the template named by the step's {@code template} field for the
 * account's tier and writes it to the outbox in the engine's transaction. The dispatcher delivers
 * it. High-touch emails come from, and reply to, the dedicated CSM.
 */
@Component("sendEmail")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class SendEmailDelegate implements JavaDelegate {

    /** The {@code template} field set on the step in the Modeler (injected per use: a bean per call). */
    private Expression template;

    private final AccountRepository accounts;
    private final AccountMail mails;
    private final Outbox outbox;
    private final ContactPreferences preferences;
    private final ContactLinks links;
    private final TouchpointRepository touchpoints;
    private final EmailTracking tracking;

    SendEmailDelegate(AccountRepository accounts, AccountMail mails, Outbox outbox, ContactPreferences preferences,
            ContactLinks links, TouchpointRepository touchpoints, EmailTracking tracking) {
        this.accounts = accounts;
        this.mails = mails;
        this.outbox = outbox;
        this.preferences = preferences;
        this.links = links;
        this.touchpoints = touchpoints;
        this.tracking = tracking;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = String.valueOf(this.template.getValue(execution)).trim();
        Account account = accounts.findByExternalId(execution.getProcessBusinessKey())
                .orElseThrow(() -> new IllegalStateException("No account " + execution.getProcessBusinessKey()));
        if (!account.isActive()) {
            return;
        }
        Contact contact = account.primaryContact();
        String type = preferences.typeOf(template);
        if (ContactPreferences.canOptOut(type) && preferences.optedOut(contact.email(), type)) {
            touchpoints.save(new Touchpoint(null, account.id(), template,
                    execution.getCurrentActivityName() != null ? execution.getCurrentActivityName() : template,
                    Touchpoint.CHANNEL_EMAIL, Touchpoint.OWNER_AUTOMATED, "opted-out",
                    "Not sent: " + contact.email() + " opted out of " + type + " emails", null, null, null, EngineClock.now()));
            return;
        }
        String idPrefix = account.externalId() + "/" + execution.getCurrentActivityId() + "/";
        int occurrence = outbox.countFor(account.id(), idPrefix) + 1;
        AccountMail.Composed composed = mails.compose(account, template, execution.getVariables(),
                outbox.countTemplate(account.id(), template) + 1);
        AccountMail.Sender sender = composed.sender();
        MailTemplates.Rendered mail = composed.mail();

        var now = EngineClock.now();
        outbox.add(new OutboxMessage(idPrefix + occurrence, account.id(), template,
                execution.getCurrentActivityName() != null ? execution.getCurrentActivityName() : template,
                Headers.clean(sender.name()), sender.email(), sender.replyTo(), Headers.clean(contact.name()),
                contact.email(), mail.subject(), mail.text(), tracking.track(idPrefix + occurrence, mail.html()),
                now, now, 0, null, null, null, type,
                ContactPreferences.canOptOut(type) ? links.unsubscribeUrl(contact.email(), type) : null));
    }

    public void setTemplate(Expression template) {
        this.template = template;
    }
}
