package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.HtmlUtils;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.account.AccountRepository;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Opens and clicks of a real journey email, as the customer's mail client and browser make them:
 * the links in the HTML part that GreenMail received, fetched without a login.
 */
class EngagementTrackingTest extends ProcessTestBase {

    private static final String PRODUCT_URL = "https://app.acme-cloud.example";
    private static final Pattern LINK = Pattern.compile("href=\"([^\"]*/t/c/[^\"]*)\"");
    private static final Pattern PIXEL = Pattern.compile("<img src=\"([^\"]*/t/o/[^\"]*)\" width=\"1\" height=\"1\"");

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    AccountRepository accounts;
    @Autowired
    Timeline timeline;
    @Autowired
    EmailTracking tracking;

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A medium-touch account's onboarding email (day 1), as received. */
    private MimeMessage onboardingEmail(String id) {
        journeys.enrol(id, 30_000, false, false, daysFromNow(300), Journeys.today(), null, "pod-atlas");
        journeys.advance(Duration.ofDays(1));
        return Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> subject(m).startsWith("Welcome to Acme Cloud: how your first 90 days"))
                .filter(m -> recipient(m).equals(id.toLowerCase() + "@customer.example"))
                .findFirst().orElseThrow();
    }

    /** A mail client's user agent (Thunderbird). */
    private static final String MAIL_CLIENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0";

    private HttpResponse<String> get(String pathOrUrl) throws Exception {
        return get(pathOrUrl, MAIL_CLIENT);
    }

    private HttpResponse<String> get(String pathOrUrl, String userAgent) throws Exception {
        URI uri = URI.create(pathOrUrl);
        String path = uri.getRawPath();
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("User-Agent", userAgent)
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    private List<Timeline.Entry> entries(String id, String outcome) {
        return timeline.of(accounts.findByExternalId(id).orElseThrow()).stream()
                .filter(e -> outcome.equals(e.outcome())).toList();
    }

    @Test
    void aClickOnTheCallToActionGoesToTheProductAndShowsOnTheTimeline() throws Exception {
        String id = Journeys.newExternalId("CLICK");
        MimeMessage email = onboardingEmail(id);
        String html = part(email, "text/html");
        String text = part(email, "text/plain");
        Matcher link = LINK.matcher(html);
        assertThat(link.find()).as("the call to action is a tracked link").isTrue();
        assertThat(HtmlUtils.htmlUnescape(link.group(1))).as("with touchline.public-url unset, links lead to this server's own port")
                .startsWith("http://localhost:" + port + "/t/c/");
        Matcher pixel = PIXEL.matcher(html);
        assertThat(pixel.find()).isTrue();
        assertThat(pixel.group(1)).startsWith("http://localhost:" + port + "/t/o/");
        assertThat(html).doesNotContain("href=\"" + PRODUCT_URL);
        assertThat(text).as("the text part shows the plain URL").contains(PRODUCT_URL).doesNotContain("/t/c/");

        HttpResponse<String> first = get(HtmlUtils.htmlUnescape(link.group(1)));
        HttpResponse<String> again = get(HtmlUtils.htmlUnescape(link.group(1)));

        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).contains(PRODUCT_URL);
        assertThat(again.statusCode()).isEqualTo(302);
        List<Timeline.Entry> clicked = entries(id, "clicked");
        assertThat(clicked).as("the first click only").hasSize(1);
        assertThat(clicked.get(0).kind()).isEqualTo("onboarding");
        assertThat(clicked.get(0).channel()).isEqualTo("email");
        assertThat(clicked.get(0).owner()).isEqualTo("automated");
        assertThat(clicked.get(0).notes()).contains(PRODUCT_URL);

        JsonNode engagement = rest.withBasicAuth("ops", "ops")
                .getForEntity("/api/accounts/" + id + "/engagement", JsonNode.class).getBody();
        assertThat(engagement).hasSize(1);
        assertThat(engagement.get(0).path("kind").asText()).isEqualTo("click");
        assertThat(engagement.get(0).path("url").asText()).isEqualTo(PRODUCT_URL);
        assertThat(engagement.get(0).path("count").asInt()).as("repeats are counted").isEqualTo(2);
        assertThat(engagement.get(0).path("template").asText()).isEqualTo("onboarding");
    }

    @Test
    void thePixelAnswersAnImageAndTheFirstOpenIsOnTheTimelineOnce() throws Exception {
        String id = Journeys.newExternalId("OPEN");
        Matcher pixel = PIXEL.matcher(part(onboardingEmail(id), "text/html"));
        assertThat(pixel.find()).isTrue();

        journeys.advance(Duration.ofMinutes(20)); // the reader opens it a while after it arrived
        HttpResponse<String> first = get(pixel.group(1));
        journeys.advance(Duration.ofHours(3));
        HttpResponse<String> again = get(pixel.group(1));

        for (HttpResponse<String> image : List.of(first, again)) {
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).contains("image/gif");
            assertThat(image.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
            assertThat(image.body()).startsWith("GIF89a");
        }
        List<Timeline.Entry> opened = entries(id, "opened");
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).kind()).isEqualTo("onboarding");
        assertThat(opened.get(0).notes()).contains("privacy proxies");
        JsonNode engagement = rest.withBasicAuth("ops", "ops")
                .getForEntity("/api/accounts/" + id + "/engagement", JsonNode.class).getBody();
        assertThat(engagement.get(0).path("kind").asText()).isEqualTo("open");
        assertThat(engagement.get(0).path("count").asInt()).isEqualTo(2);
        assertThat(engagement.get(0).path("lastAt").asText()).isNotEqualTo(engagement.get(0).path("firstAt").asText());

        assertThat(get("/t/o/garbage").statusCode()).as("a bad pixel is still an image").isEqualTo(200);
        assertThat(entries(id, "opened")).hasSize(1);
    }

    @Test
    void aPrivacyProxysFetchIsCountedApartAndThePersonsOpenStillCounts() throws Exception {
        String id = Journeys.newExternalId("PROXY");
        Matcher pixel = PIXEL.matcher(part(onboardingEmail(id), "text/html"));
        assertThat(pixel.find()).isTrue();

        // as the email arrives, Apple's proxy fetches the pixel with its bare user agent
        assertThat(get(pixel.group(1), "Mozilla/5.0").statusCode()).isEqualTo(200);
        JsonNode engagement = rest.withBasicAuth("ops", "ops")
                .getForEntity("/api/accounts/" + id + "/engagement", JsonNode.class).getBody();
        assertThat(engagement).hasSize(1);
        assertThat(engagement.get(0).path("kind").asText()).isEqualTo("machine-open");
        assertThat(entries(id, "opened")).as("nobody read it yet").isEmpty();

        // a mail client, seconds after delivery, is a proxy too
        journeys.advance(Duration.ofSeconds(3));
        get(pixel.group(1), MAIL_CLIENT);
        assertThat(entries(id, "opened")).isEmpty();

        // the reader opens it later: a person's open, on the timeline
        journeys.advance(Duration.ofMinutes(40));
        get(pixel.group(1), MAIL_CLIENT);
        assertThat(entries(id, "opened")).hasSize(1);
        engagement = rest.withBasicAuth("ops", "ops").getForEntity("/api/accounts/" + id + "/engagement", JsonNode.class).getBody();
        assertThat(engagement.findValuesAsText("kind")).containsExactlyInAnyOrder("machine-open", "open");
    }

    @Test
    void anAlteredLinkGetsAHarmlessPageAndNeverARedirect() throws Exception {
        String id = Journeys.newExternalId("ALTERED");
        Matcher link = LINK.matcher(part(onboardingEmail(id), "text/html"));
        assertThat(link.find()).isTrue();
        String token = link.group(1).substring(link.group(1).lastIndexOf('/') + 1);
        String[] parts = token.split("\\.");
        String evil = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("https://evil.example/phish".getBytes(StandardCharsets.UTF_8));
        String flipped = parts[2].substring(0, 5) + (parts[2].charAt(5) == 'A' ? 'B' : 'A') + parts[2].substring(6);
        String messageId = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String unknownMessage = tracking.clickUrl("NOPE-0000/Send_OnboardingEmail/1", "https://evil.example/phish");
        String signedJavascript = tracking.clickUrl(messageId, "javascript:alert(document.cookie)");

        for (String bad : List.of("/t/c/" + parts[0] + "." + evil + "." + parts[2],
                "/t/c/" + parts[0] + "." + parts[1] + "." + flipped,
                "/t/c/garbage", "/t/c/a.b.c", unknownMessage, signedJavascript)) {
            HttpResponse<String> page = get(bad);
            assertThat(page.statusCode()).as(bad).isEqualTo(404);
            assertThat(page.headers().firstValue("Location")).as(bad).isEmpty();
            assertThat(page.body()).contains("This link is not valid").doesNotContain("evil.example")
                    .doesNotContain("javascript:");
        }
        assertThat(entries(id, "clicked")).isEmpty();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString().replaceAll(".*<|>.*", "");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first body part of that content type (HTML or text) in a multipart email. */
    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
