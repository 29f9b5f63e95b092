package io.touchline.messaging;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.Contact;
import io.touchline.messaging.ContactPreferences.Channel;
import io.touchline.messaging.ContactPreferences.Frequency;
import io.touchline.messaging.ContactPreferences.Rule;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;

/**
 * One automated email to one contact, the way the contact asked for it: nothing of a type they
 * opted out of, nothing sooner than the frequency they chose for the type, in the app when they
 * prefer that (account messages always by email). What may go is written to the outbox to go at
 * the first moment the send rules allow: the contact's local send window, the template's send day,
 * the frequency cap. Every decision is on the account's timeline.
 */
@Component
public class AutomatedEmail {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    /** What became of a step's email. */
    public enum Outcome { QUEUED, HELD, IN_APP, OPTED_OUT, TOO_SOON, TOO_LATE }

    public record Result(Outcome outcome, Instant sendAt) {
    }

    private final AccountMail mails;
    private final Outbox outbox;
    private final ContactPreferences preferences;
    private final ContactLinks links;
    private final SendingRules rules;
    private final InAppFeed feed;
    private final TouchpointRepository touchpoints;
    private final EmailTracking tracking;

    AutomatedEmail(AccountMail mails, Outbox outbox, ContactPreferences preferences, ContactLinks links,
            SendingRules rules, InAppFeed feed, TouchpointRepository touchpoints, EmailTracking tracking) {
        this.tracking = tracking;
        this.mails = mails;
        this.outbox = outbox;
        this.preferences = preferences;
        this.links = links;
        this.rules = rules;
        this.feed = feed;
        this.touchpoints = touchpoints;
    }

    /**
     * @param id the deterministic outbox id (account + activity + occurrence), also the Message-ID
     * @param title what the timeline calls the step
     * @param values what the journey knows, for the template
     * @param occurrence the how-many-th email of this template the account gets
     * @param sendBy no use sending after this (a webinar's start); null: no limit
     */
    public Result send(Account account, Contact contact, String template, String title, String id,
            Map<String, Object> values, int occurrence, Instant sendBy) {
        outbox.lockAccount(account.id());
        Instant now = EngineClock.now();
        Rule rule = preferences.ruleOf(template);
        String type = rule.type();
        boolean optional = ContactPreferences.canOptOut(type);
        ContactPreferences.Choices choices = optional ? preferences.choicesOf(contact.email()) : null;
        ContactPreferences.Choice choice = choices == null ? null
                : ContactPreferences.Type.of(type).map(choices::of).orElse(null);
        if (optional) {
            if (choice != null && !choice.subscribed()) {
                note(account, template, title, Touchpoint.CHANNEL_EMAIL, "opted-out",
                        "Not sent: " + contact.email() + " opted out of " + type + " emails");
                return new Result(Outcome.OPTED_OUT, null);
            }
            var frequency = java.util.Optional.ofNullable(choice == null ? null : choice.frequency());
            var latest = frequency.isPresent() ? outbox.latestOfType(contact.email(), type) : java.util.Optional.<Instant>empty();
            if (frequency.isPresent() && latest.isPresent() && tooSoon(latest.get(), frequency.get(), now, account.timeZone())) {
                note(account, template, title, Touchpoint.CHANNEL_EMAIL, "skipped",
                        "Not sent: " + contact.email() + " wants " + type + " emails "
                                + frequency.get().label.toLowerCase(Locale.ROOT) + "; the last one was "
                                + WHEN.format(latest.get().atZone(account.timeZone())));
                return new Result(Outcome.TOO_SOON, null);
            }
        }
        AccountMail.Composed composed = mails.compose(account, template, values, occurrence, contact);
        MailTemplates.Rendered mail = composed.mail();
        if (optional && choices.channel() == Channel.IN_APP) {
            feed.add(id, account.id(), template, mail.subject(), mail.text());
            note(account, template, title, SendInAppDelegate.CHANNEL_IN_APP, "shown",
                    mail.subject() + " (in the app: " + contact.email() + " prefers in-app messages)");
            return new Result(Outcome.IN_APP, now);
        }
        ZoneId zone = contact.zoneOr(account.timeZone());
        Instant sendAt = rules.earliest(now, zone, rule.sendOn());
        if (optional) {
            Instant capped = rules.afterCap(sendAt, outbox.cappedSince(contact.email(), sendAt.minus(rules.frequencyCap().per())));
            sendAt = capped.equals(sendAt) ? sendAt : rules.earliest(capped, zone, rule.sendOn());
        }
        if (sendBy != null && sendAt.isAfter(sendBy)) {
            note(account, template, title, Touchpoint.CHANNEL_EMAIL, "skipped", "Not sent: the first time "
                    + contact.email() + " may get it (" + WHEN.format(sendAt.atZone(zone)) + ") is too late");
            return new Result(Outcome.TOO_LATE, null);
        }
        AccountMail.Sender sender = composed.sender();
        outbox.add(new OutboxMessage(id, account.id(), template, title, Headers.clean(sender.name()), sender.email(),
                sender.replyTo(), Headers.clean(contact.name()), contact.email(), mail.subject(), mail.text(),
                mail.html().isEmpty() ? mail.html() : tracking.track(id, mail.html()), now, sendAt, 0, null, null, null, type, optional ? links.unsubscribeUrl(contact.email(), type) : null));
        if (sendAt.isAfter(now)) {
            note(account, template, title, Touchpoint.CHANNEL_EMAIL, "held", "Held until "
                    + WHEN.format(sendAt.atZone(zone)) + " " + zone.getId() + " for " + contact.email() + ": "
                    + reason(now, sendAt, zone, rule));
            return new Result(Outcome.HELD, sendAt);
        }
        return new Result(Outcome.QUEUED, sendAt);
    }

    /**
     * Whether an email with this id (or its in-app stand-in) was written before: a step that runs
     * again for the same contact (a step restarted in Cockpit) checks this and sends nothing twice.
     */
    public boolean written(String id) {
        return outbox.find(id).isPresent() || feed.exists(id);
    }

    /**
     * The emails of a step that have not gone yet are not sent at all (a cancelled webinar's held
     * invitations): each is marked failed with the reason and noted on its account's timeline.
     * Returns how many were taken back.
     */
    public int withdraw(String idPrefix, String reason) {
        List<OutboxMessage> withdrawn = outbox.withdraw(idPrefix, "not sent: " + reason, EngineClock.now());
        withdrawn.forEach(m -> touchpoints.save(new Touchpoint(null, m.accountId(), m.template(), m.title(),
                Touchpoint.CHANNEL_EMAIL, Touchpoint.OWNER_AUTOMATED, "cancelled",
                "Not sent to " + m.recipient() + ": " + reason, null, null, null, EngineClock.now())));
        return withdrawn.size();
    }

    private static boolean tooSoon(Instant latest, Frequency frequency, Instant now, ZoneId zone) {
        // by calendar day: "monthly" after 15 Jan allows 15 Feb at any hour
        return now.atZone(zone).toLocalDate().isBefore(latest.atZone(zone).toLocalDate().plus(frequency.period));
    }

    private String reason(Instant now, Instant sendAt, ZoneId zone, Rule rule) {
        Instant window = rules.earliest(now, zone, rule.sendOn());
        if (window.equals(sendAt)) {
            return rule.sendOn() != null
                    ? "this email goes on " + ContactPreferences.dayName(rule.sendOn()) + "s, " + rules.window().hours() + " their time"
                    : "their send window is " + rules.window().describe();
        }
        return "the frequency cap: " + rules.frequencyCap().describe();
    }

    private void note(Account account, String template, String title, String channel, String outcome, String notes) {
        touchpoints.save(new Touchpoint(null, account.id(), template, title, channel, Touchpoint.OWNER_AUTOMATED, outcome,
                notes, null, null, null, EngineClock.now()));
    }
}
