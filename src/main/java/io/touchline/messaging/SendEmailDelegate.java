package io.touchline.messaging;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.Contact;
import io.touchline.account.Tier;
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
    private final MailTemplates templates;
    private final Outbox outbox;
    private final IdentityService identity;
    private final MailProperties properties;
    private final ContactPreferences preferences;
    private final ContactLinks links;
    private final TouchpointRepository touchpoints;

    SendEmailDelegate(AccountRepository accounts, MailTemplates templates, Outbox outbox, IdentityService identity,
            MailProperties properties, ContactPreferences preferences, ContactLinks links,
            TouchpointRepository touchpoints) {
        this.preferences = preferences;
        this.links = links;
        this.touchpoints = touchpoints;
        this.accounts = accounts;
        this.templates = templates;
        this.outbox = outbox;
        this.identity = identity;
        this.properties = properties;
    }

    /** Who an email is signed by: the dedicated CSM for high-touch, else the team. */
    record Sender(String name, String email, String title, String replyTo) {
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
        Sender sender = senderFor(account);
        String idPrefix = account.externalId() + "/" + execution.getCurrentActivityId() + "/";
        int occurrence = outbox.countFor(account.id(), idPrefix) + 1;

        Map<String, Object> model = new HashMap<>();
        // what the journey knows (a milestone's name, an expansion indicator, ...) is there for the template too
        execution.getVariables().forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                model.put(name, value);
            }
        });
        Map<String, Object> accountModel = new HashMap<>();
        accountModel.put("name", account.name());
        accountModel.put("externalId", account.externalId());
        accountModel.put("tierLabel", account.tier().label());
        accountModel.put("arr", account.arr());
        accountModel.put("renewalDate", account.renewalDate());
        model.put("account", accountModel);
        model.put("contact", Map.of("name", contact.name(), "firstName", contact.firstName(),
                "email", contact.email(), "role", contact.role()));
        Map<String, Object> senderModel = new HashMap<>();
        senderModel.put("name", sender.name());
        senderModel.put("email", sender.replyTo() != null ? sender.replyTo() : sender.email());
        senderModel.put("title", sender.title());
        model.put("sender", senderModel);
        model.put("product", properties.productName());
        model.put("occurrence", outbox.countTemplate(account.id(), template) + 1);
        model.put("today", EngineClock.today(account.timeZone()));
        model.put("daysToRenewal", ChronoUnit.DAYS.between(EngineClock.today(account.timeZone()), account.renewalDate()));
        MailTemplates.Rendered mail = templates.render(account.tier(), template, model);

        var now = EngineClock.now();
        outbox.add(new OutboxMessage(idPrefix + occurrence, account.id(), template,
                execution.getCurrentActivityName() != null ? execution.getCurrentActivityName() : template,
                Headers.clean(sender.name()), sender.email(), sender.replyTo(), Headers.clean(contact.name()),
                contact.email(), mail.subject(), mail.text(), mail.html(), now, now, 0, null, null, null, type,
                ContactPreferences.canOptOut(type) ? links.unsubscribeUrl(contact.email(), type) : null));
    }

    public void setTemplate(Expression template) {
        this.template = template;
    }

    private Sender senderFor(Account account) {
        String from = properties.mail().fromAddress();
        if (account.tier() == Tier.HIGH_TOUCH && account.csm() != null) {
            User csm = identity.createUserQuery().userId(account.csm()).singleResult();
            if (csm != null) {
                String name = (nullToEmpty(csm.getFirstName()) + " " + nullToEmpty(csm.getLastName())).trim();
                return new Sender(name.isEmpty() ? csm.getId() : name, from, "Your Customer Success Manager",
                        csm.getEmail());
            }
        }
        return new Sender(properties.mail().teamName(), from, "Customer Success", null);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
