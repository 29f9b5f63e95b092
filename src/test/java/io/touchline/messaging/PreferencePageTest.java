package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.messaging.ContactPreferences.Channel;
import io.touchline.messaging.ContactPreferences.Frequency;
import io.touchline.messaging.ContactPreferences.Type;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The preference page as a contact uses it: the link from the footer of an email they received, no
 * login; per type in or out and how often, a preferred channel; the journeys honour it.
 */
class PreferencePageTest extends ProcessTestBase {

    private static final Pattern PREFERENCES_LINK = Pattern.compile("(https?://\\S+/preferences/[A-Za-z0-9_.-]+)");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    AccountRepository accounts;
    @Autowired
    AutomatedEmail email;
    @Autowired
    ContactPreferences preferences;
    @Autowired
    InAppFeed feed;
    @Autowired
    Timeline timeline;

    private Account techTouchAccountWithItsWelcome(String prefix) {
        String id = Journeys.newExternalId(prefix);
        journeys.enrol(id, 1_000, false, false, daysFromNow(300), Journeys.today(), null, null);
        journeys.executeDueJobs();
        return accounts.findByExternalId(id).orElseThrow();
    }

    private static String part(MimeMessage message, String type) throws Exception {
        String found = find(message.getContent(), type);
        if (found == null) {
            throw new AssertionError("no " + type + " part");
        }
        return found;
    }

    private static String find(Object content, String type) throws Exception {
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return (String) part.getContent();
                }
                String inner = find(part.getContent(), type);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** The page's path as the footer of the email's text part gives it. */
    private static String preferencePath(MimeMessage message) throws Exception {
        Matcher link = PREFERENCES_LINK.matcher(part(message, "text/plain"));
        assertThat(link.find()).as("a preference link in the footer").isTrue();
        assertThat(part(message, "text/html")).contains(link.group(1));
        return URI.create(link.group(1)).getPath();
    }

    private ResponseEntity<String> submit(String path, MultiValueMap<String, String> form) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return rest.postForEntity(path, new HttpEntity<>(form, headers), String.class);
    }

    private static MultiValueMap<String, String> form(Map<String, String> frequencies, String channel, String... subscribed) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        Arrays.stream(subscribed).forEach(type -> form.add("subscribed", type));
        frequencies.forEach((type, frequency) -> form.add("frequency-" + type, frequency));
        form.add("channel", channel);
        return form;
    }

    @Test
    void theFooterLinkOpensTheContactsPageWithoutLogin_andSavingChangesTheirChoices() throws Exception {
        Account account = techTouchAccountWithItsWelcome("PREF");
        String path = preferencePath(mailsOf(account.externalId()).get(0));

        ResponseEntity<String> page = rest.getForEntity(path, String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("Your email preferences", account.primaryContact().email(),
                "Product updates", "Tips and best practices", "Training and webinar invitations", "Offers and requests",
                "Newsletter", "At most quarterly", "In the app", "Slack",
                "Messages about your own account and its renewal are always sent");

        ResponseEntity<String> saved = submit(path, form(Map.of("educational", "monthly"), "slack",
                "product-updates", "educational", "training", "newsletter"));
        assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(saved.getBody()).contains("Saved.");

        var choices = preferences.choicesOf(account.primaryContact().email());
        assertThat(choices.of(Type.PROMOTIONAL).subscribed()).isFalse();
        assertThat(choices.of(Type.TRAINING).subscribed()).isTrue();
        assertThat(choices.of(Type.EDUCATIONAL).frequency()).isEqualTo(Frequency.MONTHLY);
        assertThat(choices.channel()).isEqualTo(Channel.SLACK);
        assertThat(timeline.of(account)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("preferences");
            assertThat(e.notes()).contains("Offers and requests off", "Tips and best practices at most monthly",
                    "Preferred channel: Slack");
        });
        assertThat(rest.getForEntity(path, String.class).getBody()).as("the page shows what was saved")
                .contains("value=\"monthly\" selected");
    }

    @Test
    void aBadValueSavesNothing_anAlteredLinkReachesNoOne() throws Exception {
        Account account = techTouchAccountWithItsWelcome("PREFBAD");
        String path = preferencePath(mailsOf(account.externalId()).get(0));

        ResponseEntity<String> bad = submit(path, form(Map.of("educational", "hourly"), "email", "educational"));
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody()).contains("Nothing was saved", "hourly&quot; is not a frequency for Tips and best practices");
        assertThat(preferences.choicesOf(account.primaryContact().email()).of(Type.PROMOTIONAL).subscribed()).isTrue();

        String token = path.substring(path.lastIndexOf('/') + 1);
        String someoneElse = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("someone.else@customer.example".getBytes()) + token.substring(token.indexOf('.'));
        for (String altered : List.of("/preferences/" + someoneElse, "/preferences/garbage", path + "x")) {
            ResponseEntity<String> answer = rest.getForEntity(altered, String.class);
            assertThat(answer.getStatusCode()).as(altered).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(answer.getBody()).contains("This link is not valid");
            assertThat(submit(altered, form(Map.of(), "email")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void theJourneysHonourTheFrequencyAndTheChannelFromTheNextSendOn() {
        Account account = techTouchAccountWithItsWelcome("PREFUSE");
        String contact = account.primaryContact().email();
        String base = account.externalId() + "/Test_Pref/";
        preferences.save(contact, new ContactPreferences.Choices(List.of(
                new ContactPreferences.Choice(Type.PRODUCT_UPDATES, true, null),
                new ContactPreferences.Choice(Type.EDUCATIONAL, true, Frequency.MONTHLY),
                new ContactPreferences.Choice(Type.TRAINING, true, null),
                new ContactPreferences.Choice(Type.PROMOTIONAL, true, null),
                new ContactPreferences.Choice(Type.NEWSLETTER, true, null)), Channel.EMAIL));

        assertThat(email.send(account, account.primaryContact(), "activation", "Activation", base + 1, Map.of(), 1, null)
                .outcome()).isEqualTo(AutomatedEmail.Outcome.QUEUED);
        journeys.executeDueJobs(); // delivered at once
        journeys.advance(Duration.ofDays(8));
        assertThat(email.send(account, account.primaryContact(), "feature-discovery", "Feature discovery", base + 2, Map.of(), 1, null)
                .outcome()).as("monthly: a week later is too soon").isEqualTo(AutomatedEmail.Outcome.TOO_SOON);
        assertThat(timeline.of(account)).anySatisfy(e -> assertThat(e.notes())
                .startsWith("Not sent: " + contact + " wants educational emails at most monthly; the last one was Mon 4 Jan"));
        journeys.advance(Duration.ofDays(24));
        // the clock jumps to 5 February past days 14 and 30: the first activation goes (a month on), the second is too soon
        assertThat(timeline.of(account)).filteredOn(e -> e.kind().equals("activation") && e.outcome().equals("sent"))
                .extracting(e -> e.time().toString()).containsExactly("2027-01-04T10:00:00Z", "2027-02-05T10:00:00Z");

        preferences.save(contact, new ContactPreferences.Choices(preferences.choicesOf(contact).types(), Channel.IN_APP));
        assertThat(email.send(account, account.primaryContact(), "upgrade-offer", "Upgrade offer", base + 4, Map.of(), 1, null)
                .outcome()).isEqualTo(AutomatedEmail.Outcome.IN_APP);
        assertThat(feed.of(account.id(), true)).extracting(InAppFeed.Message::template).containsExactly("upgrade-offer");
        assertThat(email.send(account, account.primaryContact(), "renewal-reminder", "Renewal reminder", base + 5, Map.of(), 1, null)
                .outcome()).as("account messages always by email").isIn(AutomatedEmail.Outcome.QUEUED, AutomatedEmail.Outcome.HELD);
    }
}
