package io.touchline.webinar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.AccountStatus;
import io.touchline.account.Contact;
import io.touchline.messaging.AutomatedEmail;

/**
 * "Send webinar invitations / reminders" steps: the template named by the step's {@code template}
 * field to every contact of every active account in the webinar's tiers, each through
 * {@link AutomatedEmail} (opt-outs, frequency preferences, preferred channel, the contact's send
 * window and the frequency cap; nothing goes after the webinar has started). The outbox id, also
 * the Message-ID, is {@code webinar-<id>/<step>/<account>/<contact number>}, so a repeated step
 * cannot send twice. The templates get {@code webinarTitle}, {@code webinarStartsAt} (in the
 * contact's time zone), {@code webinarJoinUrl} and {@code daysToGo}.
 */
@Component("webinarMail")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class WebinarMailDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(WebinarMailDelegate.class);
    /** "Wednesday 10 March, 16:00 CET" */
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM, HH:mm z", Locale.ENGLISH);

    /** The {@code template} field set on the step in the Modeler (injected per use: a bean per call). */
    private Expression template;

    private final WebinarRepository webinars;
    private final AccountRepository accounts;
    private final AutomatedEmail email;

    WebinarMailDelegate(WebinarRepository webinars, AccountRepository accounts, AutomatedEmail email) {
        this.webinars = webinars;
        this.accounts = accounts;
        this.email = email;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = String.valueOf(this.template.getValue(execution)).trim();
        long webinarId = WebinarSchedule.idOf(execution.getVariable(WebinarInvitationsProcess.VAR_WEBINAR_ID));
        Webinar webinar = webinars.findById(webinarId)
                .orElseThrow(() -> new IllegalStateException("No webinar " + webinarId));
        if (webinar.cancelled()) {
            return;
        }
        String step = execution.getCurrentActivityName() != null ? execution.getCurrentActivityName() : template;
        String title = step + ": " + webinar.title();
        String idPrefix = WebinarInvitationsProcess.businessKey(webinarId) + "/" + execution.getCurrentActivityId() + "/";
        long daysToGo = webinar.daysToGo(EngineClock.now());
        Map<AutomatedEmail.Outcome, Integer> outcomes = new EnumMap<>(AutomatedEmail.Outcome.class);
        List<Account> audience = accounts.findByStatusAndTierInOrderByExternalId(AccountStatus.ACTIVE, webinar.audience());
        for (Account account : audience) {
            List<Contact> contacts = account.contacts();
            for (int i = 0; i < contacts.size(); i++) {
                Contact contact = contacts.get(i);
                String id = idPrefix + account.externalId() + "/" + (i + 1);
                if (email.written(id)) {
                    continue; // the step runs again (restarted in Cockpit): this contact has theirs
                }
                Map<String, Object> values = Map.of(
                        "webinarTitle", webinar.title(),
                        "webinarStartsAt", when(webinar.startsAt(), contact.zoneOr(account.timeZone())),
                        "webinarJoinUrl", webinar.joinUrl(),
                        "daysToGo", daysToGo);
                // webinar emails are not a series: each is the first of its kind (occurrence 1)
                var result = email.send(account, contact, template, title, id, values, 1, webinar.startsAt());
                outcomes.merge(result.outcome(), 1, Integer::sum);
            }
        }
        log.info("Webinar {} ({}), {}: {} accounts; {}", webinar.id(), webinar.title(), step, audience.size(), outcomes);
    }

    static String when(Instant startsAt, ZoneId zone) {
        return WHEN.format(startsAt.atZone(zone));
    }

    public void setTemplate(Expression template) {
        this.template = template;
    }
}
