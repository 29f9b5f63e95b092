package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
import io.touchline.journey.Cadences;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * "How often should we reach out?" as a contact answers it: the three links of a check-in email
 * they received open the question without a login; their click moves the account's check-in rhythm
 * within the tier's guidelines (rhythm-feedback.dmn, cadence-guidelines.dmn) and is on the timeline.
 */
class RhythmFeedbackTest extends ProcessTestBase {

    private static final Pattern LINK = Pattern.compile("(https?://\\S+/rhythm/[A-Za-z0-9_.-]+)\\?answer=([a-z-]+)");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    AccountRepository accounts;
    @Autowired
    Cadences cadences;
    @Autowired
    Timeline timeline;
    @Autowired
    ContactLinks links;

    private static String text(MimeMessage message) throws Exception {
        return find(message.getContent());
    }

    private static String find(Object content) throws Exception {
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                String inner = find(part.getContent());
                if (inner != null) {
                    return inner;
                }
            }
        }
        return content instanceof String s ? s : null;
    }

    private ResponseEntity<String> answer(String path, String answer) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        if (answer != null) {
            form.add("answer", answer);
        }
        return rest.postForEntity(path, new HttpEntity<>(form, headers), String.class);
    }

    @Test
    void aCheckInEmailAsksHowOftenAndTheAnswerMovesTheRhythmWithinTheTiersGuidelines() throws Exception {
        String id = Journeys.newExternalId("RHYTHM");
        journeys.enrol(id, 10_000, false, false, daysFromNow(300), daysFromNow(-200), null, null); // low-touch
        journeys.advanceUntil("the quarterly check-in email", () -> mailsOf(id).stream().anyMatch(m -> {
            try {
                return text(m).contains("How often should we reach out?");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), 140); // the quarterly check-in comes in the account's slot of a quarter, 45 to 135 days out
        MimeMessage checkIn = mailsOf(id).stream().filter(m -> {
            try {
                return text(m).contains("How often should we reach out?");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        Matcher link = LINK.matcher(text(checkIn));
        assertThat(link.find()).isTrue();
        assertThat(link.group(2)).isEqualTo("too-often");
        String path = URI.create(link.group(1)).getPath();

        ResponseEntity<String> page = rest.getForEntity(path + "?answer=too-often", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("How often should we reach out?");
        Account account = accounts.findByExternalId(id).orElseThrow();
        assertThat(cadences.override(account, "check-in")).as("opening the link changes nothing").isEmpty();

        // the contact clicks "Too often" on the page: the form posts where the page says
        Matcher action = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(page.getBody());
        assertThat(action.find()).isTrue();
        assertThat(action.group(1)).isEqualTo(path);
        assertThat(answer(action.group(1), "too-often").getBody()).contains("Thank you").contains("we reach out too often");
        assertThat(cadences.override(account, "check-in")).as("the longest low-touch check-in rhythm").contains("P6M");
        assertThat(timeline.of(account)).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("rhythm-feedback");
            assertThat(e.outcome()).isEqualTo("too-often");
            assertThat(e.notes()).contains("every P6M");
        });

        answer(path, "not-often-enough");
        assertThat(cadences.override(account, "check-in")).as("the shortest").contains("P1M");
        answer(path, "about-right");
        assertThat(cadences.override(account, "check-in")).as("about right changes nothing").contains("P1M");
    }

    @Test
    void anAlteredLinkReachesNoOne_aMissingAnswerChangesNothing() {
        String id = Journeys.newExternalId("RHYTHM-BAD");
        journeys.enrol(id, 60_000, false, false, daysFromNow(300), daysFromNow(-200), null, "pod-atlas");
        Account account = accounts.findByExternalId(id).orElseThrow();
        String token = URI.create(links.rhythmUrl(account.primaryContact().email(), "about-right")).getPath();

        assertThat(rest.getForEntity(token.replace("/rhythm/", "/rhythm/x"), String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer(token.substring(0, token.length() - 3) + "abc", "too-often").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> wrong = answer(token, "whenever");
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(wrong.getBody()).contains("Please pick one of the three answers.");
        assertThat(answer(token, null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<String> plain = rest.getForEntity(token, String.class);
        assertThat(plain.getStatusCode()).as("the question without an answer marked").isEqualTo(HttpStatus.OK);
        assertThat(plain.getBody()).contains("How often should we reach out?");
        assertThat(cadences.override(account, "check-in")).isEmpty();
        assertThat(timeline.of(account)).noneSatisfy(e -> assertThat(e.kind()).isEqualTo("rhythm-feedback"));
    }
}
