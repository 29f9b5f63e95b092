package io.touchline.messaging;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.Contact;
import io.touchline.account.Tier;

/**
 * An email template rendered for an account's primary contact, signed by the right sender: the
 * dedicated CSM for high-touch (and replies go to them), else the team. Used by the journeys'
 * email steps and by CS Ops' preview and test send.
 */
@Component
public class AccountMail {

    /** Who an email is signed by. */
    public record Sender(String name, String email, String title, String replyTo) {
    }

    public record Composed(Sender sender, Contact contact, MailTemplates.Rendered mail) {
    }

    private final MailTemplates templates;
    private final IdentityService identity;
    private final MailProperties properties;
    private final ContactLinks links;

    AccountMail(MailTemplates templates, IdentityService identity, MailProperties properties, ContactLinks links) {
        this.links = links;
        this.templates = templates;
        this.identity = identity;
        this.properties = properties;
    }

    /**
     * @param journeyValues what the journey knows (a milestone's name, an expansion indicator, ...),
     *     also there for the template
     * @param occurrence the how-many-th email of this template the account gets (series content)
     */
    public Composed compose(Account account, String template, Map<String, Object> journeyValues, int occurrence) {
        return compose(account, template, journeyValues, occurrence, account.primaryContact());
    }

    /** For one contact of the account; the footer links to that contact's preference page. */
    public Composed compose(Account account, String template, Map<String, Object> journeyValues, int occurrence,
            Contact contact) {
        Sender sender = senderFor(account);
        Map<String, Object> model = new HashMap<>();
        journeyValues.forEach((name, value) -> {
            if (value instanceof String text) {
                model.put(name, Headers.clean(text));
            } else if (value instanceof Number || value instanceof Boolean) {
                model.put(name, value);
            }
        });
        Map<String, Object> accountModel = new HashMap<>();
        // names reach the subject line: one line each, whatever an older import let in (Headers.clean)
        accountModel.put("name", Headers.clean(account.name()));
        accountModel.put("externalId", account.externalId());
        accountModel.put("tierLabel", account.tier().label());
        accountModel.put("arr", account.arr());
        accountModel.put("renewalDate", account.renewalDate());
        model.put("account", accountModel);
        model.put("contact", Map.of("name", Headers.clean(contact.name()), "firstName", Headers.clean(contact.firstName()),
                "email", contact.email(), "role", Headers.clean(contact.role())));
        Map<String, Object> senderModel = new HashMap<>();
        senderModel.put("name", Headers.clean(sender.name()));
        senderModel.put("email", sender.replyTo() != null ? sender.replyTo() : sender.email());
        senderModel.put("title", sender.title());
        model.put("sender", senderModel);
        model.put("product", properties.productName());
        model.put("preferencesUrl", links.preferencesUrl(contact.email()));
        model.put("rhythmUrl", Map.of("tooOften", links.rhythmUrl(contact.email(), "too-often"),
                "aboutRight", links.rhythmUrl(contact.email(), "about-right"),
                "notOftenEnough", links.rhythmUrl(contact.email(), "not-often-enough")));
        model.put("productUrl", properties.productUrl());
        model.put("occurrence", occurrence);
        model.put("today", EngineClock.today(account.timeZone()));
        model.put("daysToRenewal", ChronoUnit.DAYS.between(EngineClock.today(account.timeZone()), account.renewalDate()));
        return new Composed(sender, contact, templates.render(account.tier(), template, model));
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
