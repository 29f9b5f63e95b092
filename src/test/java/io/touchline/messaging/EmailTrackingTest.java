package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

/** The HTML part's links and pixel, as the tracking writes them into an email; no Spring needed. */
class EmailTrackingTest {

    private static final String PUBLIC = "https://touchline.example";
    private static final String ID = "CRM-0001/Send_Welcome/1";
    private static final Pattern CLICK = Pattern.compile("href=\"" + Pattern.quote(PUBLIC) + "/t/c/([^\"]+)\"");
    private static final Pattern OPEN = Pattern.compile("<img src=\"" + Pattern.quote(PUBLIC)
            + "/t/o/([^\"]+)\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">");

    private final EmailTracking tracking = new EmailTracking("test-secret", PublicUrl.of(PUBLIC + "/"));

    private static List<String> clickTokens(String html) {
        List<String> tokens = new ArrayList<>();
        Matcher m = CLICK.matcher(html);
        while (m.find()) {
            tokens.add(m.group(1));
        }
        return tokens;
    }

    @Test
    void webLinksBecomeSignedRedirectsToTheSameTarget() {
        String html = "<html><body><p>Hi</p>"
                + "<a href=\"https://app.acme-cloud.example\" style=\"color:#3e7bfa;\">Open your dashboard</a>"
                + "<A class=\"x\" HREF='http://help.acme-cloud.example/guides/start'>Guide</A>"
                + "</body></html>";

        String tracked = tracking.track(ID, html);

        assertThat(tracked).doesNotContain("href=\"https://app.acme-cloud.example\"")
                .doesNotContain("help.acme-cloud.example/guides")
                .contains("style=\"color:#3e7bfa;\">Open your dashboard</a>")
                .contains("<A class=\"x\" HREF='" + PUBLIC + "/t/c/");
        List<String> tokens = clickTokens(tracked);
        tokens.addAll(Pattern.compile("HREF='" + Pattern.quote(PUBLIC) + "/t/c/([^']+)'").matcher(tracked).results()
                .map(r -> r.group(1)).toList());
        assertThat(tokens).hasSize(2);
        assertThat(tokens.stream().map(t -> tracking.clicked(t).orElseThrow()))
                .containsExactly(new EmailTracking.Click(ID, URI.create("https://app.acme-cloud.example")),
                        new EmailTracking.Click(ID, URI.create("http://help.acme-cloud.example/guides/start")));
    }

    @Test
    void anEscapedAmpersandIsReadAsOneAndTheRedirectGoesToTheRealUrl() {
        String tracked = tracking.track(ID,
                "<body><a href=\"https://app.acme-cloud.example/reports?team=ops&amp;period=q1&#38;view=it&#39;s\">r</a></body>");

        String token = clickTokens(tracked).get(0);
        assertThat(token).as("the new href needs no escaping").matches("[A-Za-z0-9_.-]+");
        assertThat(tracking.clicked(token).orElseThrow().target().toString())
                .isEqualTo("https://app.acme-cloud.example/reports?team=ops&period=q1&view=it's");
    }

    @Test
    void aLinkAsThymeleafRendersItGoesToTheUrlTheTemplateMeant() {
        TemplateEngine thymeleaf = new SpringTemplateEngine();
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        thymeleaf.setTemplateResolver(resolver);
        String url = "https://app.acme-cloud.example/start?utm_source=touchline&utm_medium=email&q=<a>";
        String html = thymeleaf.process("<html><body><a th:href=\"${url}\">Go</a></body></html>",
                new Context(Locale.ENGLISH, Map.of("url", url)));
        assertThat(html).contains("&amp;utm_medium");

        List<String> tokens = clickTokens(tracking.track(ID, html));
        assertThat(tokens).as("'<' and '>' are not URL characters: such a link stays untracked").isEmpty();
        String clean = url.replace("&q=<a>", "");
        String rendered = thymeleaf.process("<html><body><a th:href=\"${url}\">Go</a></body></html>",
                new Context(Locale.ENGLISH, Map.of("url", clean)));
        assertThat(tracking.clicked(clickTokens(tracking.track(ID, rendered)).get(0)).orElseThrow().target())
                .hasToString(clean);
    }

    @Test
    void mailtoOurOwnPagesAndOddLinksStayAsTheyAre() {
        String html = "<body>"
                + "<a href=\"mailto:dana@acme-cloud.example\">dana@acme-cloud.example</a>"
                + "<a href=\"" + PUBLIC + "/unsubscribe/abc.def/educational\">Unsubscribe</a>"
                + "<a href=\"" + PUBLIC + "/preferences/abc.def\">Preferences</a>"
                + "<a href=\"#top\">Top</a>"
                + "<a href=\"javascript:alert(1)\">x</a>"
                + "<a href=\"https://acme.example/caf\u00e9\">not ASCII</a>"
                + "<a name=\"no-href\">anchor</a>"
                + "</body>";

        String tracked = tracking.track(ID, html);

        assertThat(tracked).isEqualTo(html.replace("</body>", pixel(tracked) + "</body>"));
        assertThat(clickTokens(tracked)).isEmpty();
    }

    @Test
    void aLookAlikeOfThePublicUrlIsTracked() {
        String tracked = tracking.track(ID, "<body><a href=\"https://touchline.example.evil.example/x\">x</a></body>");
        assertThat(clickTokens(tracked)).hasSize(1);
    }

    @Test
    void onePixelGoesBeforeTheEndOfTheBody() {
        String tracked = tracking.track(ID, "<html><body><p>Hi</p></BODY></html>");

        assertThat(tracked).startsWith("<html><body><p>Hi</p><img src=\"" + PUBLIC + "/t/o/").endsWith("\"display:none\"></BODY></html>");
        Matcher pixel = OPEN.matcher(tracked);
        assertThat(pixel.find()).isTrue();
        assertThat(tracking.openedMessage(pixel.group(1))).contains(ID);
        assertThat(pixel.find()).as("only one").isFalse();
        assertThat(tracking.track(ID, "<p>a fragment</p>")).as("no body: at the end").startsWith("<p>a fragment</p><img ");
    }

    @Test
    void alteredSwappedOrForeignTokensAreRefused() {
        String token = clickTokens(tracking.track(ID, "<body><a href=\"https://app.acme-cloud.example\">a</a></body>")).get(0);
        String[] parts = token.split("\\.");
        String evil = Base64.getUrlEncoder().withoutPadding().encodeToString("https://evil.example".getBytes(StandardCharsets.UTF_8));
        String otherId = Base64.getUrlEncoder().withoutPadding().encodeToString("CRM-0002/Send_Welcome/1".getBytes(StandardCharsets.UTF_8));
        String signature = parts[2];
        String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);

        assertThat(tracking.clicked(parts[0] + "." + evil + "." + parts[2])).as("swapped URL").isEmpty();
        assertThat(tracking.clicked(otherId + "." + parts[1] + "." + parts[2])).as("swapped message").isEmpty();
        assertThat(tracking.clicked(parts[0] + "." + parts[1] + "." + flipped)).as("altered signature").isEmpty();
        assertThat(tracking.clicked(parts[0] + "." + parts[1])).isEmpty();
        assertThat(tracking.clicked("garbage")).isEmpty();
        assertThat(tracking.clicked("a.b.c")).isEmpty();
        assertThat(tracking.clicked("%%%.***.!!!")).isEmpty();
        assertThat(tracking.clicked(null)).isEmpty();
        assertThat(new EmailTracking("another-secret", PublicUrl.of(PUBLIC)).clicked(token)).as("another key").isEmpty();

        Matcher pixel = OPEN.matcher(tracking.track(ID, "<body></body>"));
        assertThat(pixel.find()).isTrue();
        assertThat(tracking.clicked(pixel.group(1))).as("an open token is no click token").isEmpty();
        assertThat(tracking.openedMessage(token)).as("a click token is no open token").isEmpty();
        assertThat(tracking.openedMessage(otherId + "." + pixel.group(1).split("\\.")[1])).isEmpty();
    }

    @Test
    void onlyWebTargetsAreEverRedirectedTo() {
        assertThat(EmailTracking.trackable("https://app.acme-cloud.example/x?y=1#z")).isTrue();
        assertThat(EmailTracking.trackable("HTTP://APP.ACME-CLOUD.EXAMPLE")).isTrue();
        assertThat(EmailTracking.trackable("javascript:alert(1)")).isFalse();
        assertThat(EmailTracking.trackable("//evil.example/x")).isFalse();
        assertThat(EmailTracking.trackable("/t/c/x")).isFalse();
        assertThat(EmailTracking.trackable("data:text/html,hi")).isFalse();
        assertThat(EmailTracking.trackable("https://evil.example/\r\nSet-Cookie: x")).isFalse();
        assertThat(EmailTracking.trackable("https:///no-host")).isFalse();
        assertThat(EmailTracking.trackable("https://app.example/" + "x".repeat(EmailTracking.MAX_URL))).isFalse();
        String signedJavascript = tracking.clickUrl(ID, "javascript:alert(1)");
        assertThat(tracking.clicked(signedJavascript.substring(signedJavascript.lastIndexOf('/') + 1)))
                .as("even a signed token never leads to a non-web target").isEmpty();
    }

    private static String pixel(String tracked) {
        Matcher m = OPEN.matcher(tracked);
        return m.find() ? m.group() : "";
    }
}
