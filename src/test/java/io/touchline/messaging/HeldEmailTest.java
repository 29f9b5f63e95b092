package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.AccountRequest;
import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.signals.AccountEvent;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;
import jakarta.mail.internet.MimeMessage;

/**
 * Emails held until they may go: the contact's own send window, the frequency cap (never for
 * account messages), and what changes while a message waits. All on the engine clock, which
 * starts on Monday 4 January 2027, 10:00 UTC.
 */
class HeldEmailTest extends ProcessTestBase {

    @Autowired
    AccountService accountService;
    @Autowired
    AccountRepository accounts;
    @Autowired
    AutomatedEmail email;
    @Autowired
    ContactPreferences preferences;
    @Autowired
    Timeline timeline;
    @Autowired
    io.touchline.signals.SignalService signals;

    private Account enrol(String prefix, long arr, String accountZone, String contactZone) {
        String id = Journeys.newExternalId(prefix);
        accountService.enrol(new AccountRequest(id, "Account " + id, BigDecimal.valueOf(arr), false, false,
                daysFromNow(300), Journeys.today(), accountZone, null, null,
                List.of(new AccountRequest.ContactRequest("Jamie Customer", id.toLowerCase() + "@customer.example",
                        "primary", contactZone))), Journeys.CRM);
        return accounts.findByExternalId(id).orElseThrow();
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void at(Instant instant) {
        ClockUtil.setCurrentTime(java.util.Date.from(instant));
        journeys.executeDueJobs();
    }

    @Test
    void aContactInNewYorkGetsTheWelcomeAt9InTheirMorning_notTheAccounts() throws Exception {
        // the account is in Berlin (11:00 there), the contact in New York (05:00 there)
        Account account = enrol("NYC", 1_000, "Europe/Berlin", "America/New_York"); // tech-touch: welcome on day 0
        journeys.executeDueJobs();
        assertThat(mailsOf(account.externalId())).as("not at 05:00 in New York").isEmpty();
        assertThat(timeline.of(account)).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("held");
            assertThat(e.notes()).contains("Held until Mon 4 Jan 09:00 America/New_York")
                    .contains("weekdays 09:00-17:00 local time");
        });

        at(Instant.parse("2027-01-04T13:59:00Z"));
        assertThat(mailsOf(account.externalId())).isEmpty();
        at(Instant.parse("2027-01-04T14:00:00Z")); // 09:00 EST
        assertThat(mailsOf(account.externalId())).hasSize(1);
        assertThat(mailsOf(account.externalId()).get(0).getSentDate().toInstant()).isEqualTo(Instant.parse("2027-01-04T14:00:00Z"));
    }

    @Test
    void theCapHoldsTheSecondOptionalEmailOfTheDay_accountMessagesAreNeverCapped() throws Exception {
        Account account = enrol("CAP", 1_000, "UTC", null);
        journeys.executeDueJobs(); // the welcome (an account message) went at 10:00
        var contact = account.primaryContact();
        String base = account.externalId() + "/Test_Cap/";
        assertThat(email.send(account, contact, "activation", "Activation", base + 1, Map.of(), 1, null).outcome())
                .isEqualTo(AutomatedEmail.Outcome.QUEUED);
        AutomatedEmail.Result second = email.send(account, contact, "feature-discovery", "Feature discovery", base + 2, Map.of(), 1, null);
        AutomatedEmail.Result renewal = email.send(account, contact, "renewal-reminder", "Renewal reminder", base + 3, Map.of(), 1, null);
        assertThat(second.outcome()).isEqualTo(AutomatedEmail.Outcome.HELD);
        assertThat(second.sendAt()).as("one optional email a day").isEqualTo(Instant.parse("2027-01-05T10:00:00Z"));
        assertThat(renewal.outcome()).isEqualTo(AutomatedEmail.Outcome.QUEUED);

        journeys.executeDueJobs();
        assertThat(mailsOf(account.externalId())).extracting(HeldEmailTest::messageId)
                .containsExactly("<" + account.externalId() + ".Send_Welcome.1@touchline>",
                        "<" + account.externalId() + ".Test_Cap.1@touchline>", "<" + account.externalId() + ".Test_Cap.3@touchline>");
        assertThat(timeline.of(account)).anySatisfy(e -> assertThat(e.notes()).startsWith("Held until Tue 5 Jan 10:00 UTC")
                .endsWith("the frequency cap: at most 1 optional email per day"));

        journeys.advance(Duration.ofDays(1));
        assertThat(mailsOf(account.externalId())).extracting(HeldEmailTest::messageId).as("held, never dropped")
                .contains("<" + account.externalId() + ".Test_Cap.2@touchline>");
    }

    @Test
    void anotherTeamsNewsletterCountsTowardTheCap_aSupportAnswerDoesNot() {
        Account newsletter = enrol("CAP-EXT", 1_000, "UTC", null);
        Account supported = enrol("CAP-SUP", 1_000, "UTC", null);
        journeys.executeDueJobs(); // the welcomes (account messages) went at 10:00
        signals.receive(newsletter.externalId(), new AccountEvent.ExternalTouch("nl-" + newsletter.externalId(),
                Journeys.now().minus(Duration.ofHours(1)), "email", "promotional", "marketing", "January newsletter",
                List.of(newsletter.primaryContact().email().toUpperCase())), Journeys.CRM);
        signals.receive(supported.externalId(), new AccountEvent.ExternalTouch("sup-" + supported.externalId(),
                Journeys.now().minus(Duration.ofHours(1)), "email", "reactive", "support", "Re: your ticket", null),
                Journeys.CRM);

        AutomatedEmail.Result afterNewsletter = email.send(newsletter, newsletter.primaryContact(), "activation",
                "Activation", newsletter.externalId() + "/Test_Cap/1", Map.of(), 1, null);
        AutomatedEmail.Result afterSupport = email.send(supported, supported.primaryContact(), "activation",
                "Activation", supported.externalId() + "/Test_Cap/1", Map.of(), 1, null);
        assertThat(afterNewsletter.outcome()).as("marketing's newsletter this morning was today's optional email")
                .isEqualTo(AutomatedEmail.Outcome.HELD);
        assertThat(afterNewsletter.sendAt()).isEqualTo(Instant.parse("2027-01-05T09:00:00Z"));
        assertThat(afterSupport.outcome()).as("an answer to their own request is not held against them")
                .isEqualTo(AutomatedEmail.Outcome.QUEUED);
    }

    @Test
    void aContactWhoOptsOutWhileAnEmailIsHeldDoesNotGetIt() {
        Account account = enrol("WAIT", 1_000, "UTC", "America/New_York");
        journeys.executeDueJobs();
        email.send(account, account.primaryContact(), "activation", "Activation", account.externalId() + "/Test_Wait/1",
                Map.of(), 1, null);
        preferences.optOut(account.primaryContact().email(), "educational");

        journeys.advance(Duration.ofDays(1));
        assertThat(mailsOf(account.externalId())).extracting(HeldEmailTest::messageId).as("the welcome only")
                .containsExactly("<" + account.externalId() + ".Send_Welcome.1@touchline>");
        assertThat(timeline.of(account)).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("opted-out");
            assertThat(e.notes()).contains("before it went");
        });
    }

    @Test
    void tipsGoOnWednesdays() {
        Account account = enrol("TIPS", 1_000, "UTC", null);
        AutomatedEmail.Result tips = email.send(account, account.primaryContact(), "product-tips", "Product tips",
                account.externalId() + "/Test_Tips/1", Map.of(), 1, null);
        assertThat(tips.sendAt()).isEqualTo(Instant.parse("2027-01-06T09:00:00Z"));
        assertThat(timeline.of(account)).anySatisfy(e -> assertThat(e.notes())
                .contains("this email goes on Wednesdays, 09:00-17:00 their time"));
    }

    @Test
    void anEmailThatCouldOnlyGoTooLateIsNotSent() {
        Account account = enrol("LATE", 1_000, "UTC", null);
        Instant saturday = Instant.parse("2027-01-09T12:00:00Z");
        ClockUtil.setCurrentTime(java.util.Date.from(saturday));
        AutomatedEmail.Result result = email.send(account, account.primaryContact(), "webinar-invitation",
                "Webinar invitation", account.externalId() + "/Test_Late/1", Map.of(), 1, Instant.parse("2027-01-10T16:00:00Z"));
        assertThat(result.outcome()).isEqualTo(AutomatedEmail.Outcome.TOO_LATE);
        assertThat(timeline.of(account)).anySatisfy(e -> assertThat(e.notes()).contains("is too late"));
    }
}
