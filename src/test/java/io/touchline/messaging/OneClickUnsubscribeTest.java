package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.touchline.account.AccountRepository;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;
import jakarta.mail.internet.MimeMessage;

/**
 * RFC 8058 one-click unsubscribe as a customer's mail client uses it: the headers in the email
 * that arrived, the POST without login or cookie, and the journey honouring it from the next send.
 */
class OneClickUnsubscribeTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    AccountRepository accounts;
    @Autowired
    Timeline timeline;

    private static String header(MimeMessage message, String name) throws Exception {
        String[] values = message.getHeader(name);
        return values == null ? null : values[0];
    }

    private ResponseEntity<String> oneClick(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return rest.postForEntity(path, new HttpEntity<>("List-Unsubscribe=One-Click", headers), String.class);
    }

    @Test
    void oneClickUnsubscribesFromThatTypeOnlyAndTheJourneyHonoursIt() throws Exception {
        String id = Journeys.newExternalId("UNSUB");
        journeys.enrol(id, 10_000, false, false, daysFromNow(300), Journeys.today(), null, null); // low-touch welcome series
        journeys.executeDueJobs();
        MimeMessage welcome = mailsOf(id).get(0);
        String unsubscribe = header(welcome, "List-Unsubscribe");
        assertThat(unsubscribe).startsWith("<http").endsWith("/educational>");
        assertThat(header(welcome, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        String path = URI.create(unsubscribe.substring(1, unsubscribe.length() - 1)).getPath();

        assertThat(rest.getForEntity(path, String.class).getBody()).as("a GET only asks")
                .contains("Unsubscribe from");
        ResponseEntity<String> first = oneClick(path);
        ResponseEntity<String> again = oneClick(path);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(first.getBody()).contains("You are unsubscribed");
        assertThat(again.getStatusCode()).as("idempotent").isEqualTo(HttpStatus.OK);

        // through onboarding (the daily and weekly welcome series) to the first monthly dashboard digest
        journeys.advanceUntil("the first dashboard digest", () -> mailsOf(id).size() > 1, 150);
        List<String> types = mailsOf(id).stream().map(m -> {
            try {
                return header(m, "List-Unsubscribe") == null ? "account" : "educational";
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(types).as("only the first welcome email was educational; the account's own digest goes on")
                .containsExactly("educational", "account");
        assertThat(timeline.of(accounts.findByExternalId(id).orElseThrow()))
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("opted-out"));
    }

    @Test
    void anAlteredOrForgedLinkChangesNothing() throws Exception {
        String id = Journeys.newExternalId("FORGED");
        journeys.enrol(id, 10_000, false, false, daysFromNow(300), Journeys.today(), null, null);
        journeys.executeDueJobs();
        String unsubscribe = header(mailsOf(id).get(0), "List-Unsubscribe");
        String path = URI.create(unsubscribe.substring(1, unsubscribe.length() - 1)).getPath();
        String token = path.split("/")[2];
        String other = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("someone.else@customer.example".getBytes()) + token.substring(token.indexOf('.'));

        assertThat(oneClick("/unsubscribe/" + other + "/educational").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(oneClick("/unsubscribe/garbage/educational").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(oneClick(path.replace("/educational", "/account")).getStatusCode())
                .as("account messages cannot be opted out of").isEqualTo(HttpStatus.NOT_FOUND);

        journeys.advance(Duration.ofDays(1));
        assertThat(mailsOf(id)).as("the welcome series goes on").hasSize(2);
    }

    @Test
    void accountMessagesCarryNoUnsubscribeLink() throws Exception {
        String id = Journeys.newExternalId("ACCMSG");
        journeys.enrol(id, 1_000, false, false, daysFromNow(300), Journeys.today(), null, null); // tech-touch welcome
        journeys.executeDueJobs();
        assertThat(header(mailsOf(id).get(0), "List-Unsubscribe")).isNull();
    }
}
