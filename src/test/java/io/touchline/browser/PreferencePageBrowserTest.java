package io.touchline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.touchline.account.AccountRepository;
import io.touchline.support.Browsers;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;
import jakarta.mail.internet.MimeMessage;

/**
 * A customer contact follows the "Email preferences" link of a welcome-series email they received,
 * in a headless Chromium: they switch off tips and best practices, ask for offers at most quarterly
 * and prefer Slack, save, and the journey's next tips email does not come while account messages do.
 */
class PreferencePageBrowserTest extends ProcessTestBase {

    private static final Pattern HREF = Pattern.compile("href=\"(https?://[^\"]+/preferences/[^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    Timeline timeline;

    private final Browsers browsers = new Browsers();

    @BeforeEach
    void requireBrowser() {
        Browsers.require();
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        browsers.close();
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().contains(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aContactSwitchesOffTipsOnThePageTheirEmailLinksTo_andTheNextTipsEmailDoesNotCome() throws Exception {
        String id = Journeys.newExternalId("PREFPAGE");
        String address = id.toLowerCase() + "@customer.example";
        journeys.enrol(id, 10_000, false, false, daysFromNow(300), Journeys.today(), null, null); // low-touch
        journeys.executeDueJobs();
        MimeMessage welcome = mailsTo(address).get(0);
        assertThat(welcome.getSubject()).contains("Welcome");
        String html = com.icegreen.greenmail.util.GreenMailUtil.getBody(welcome);
        Matcher link = HREF.matcher(html.replace("=\r\n", "").replace("=3D", "="));
        assertThat(link.find()).as("the footer links to the preference page").isTrue();
        // the link names the public URL; the test server listens on its own port
        String page = "http://localhost:" + port + URI.create(link.group(1)).getPath();

        WebDriver contact = browsers.open();
        WebDriverWait wait = new WebDriverWait(contact, Duration.ofSeconds(20));
        try {
            contact.get(page);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='Your email preferences']")));
            assertThat(contact.findElement(By.tagName("main")).getText()).contains(address,
                    "Messages about your own account and its renewal are always sent");
            assertThat(contact.findElement(By.cssSelector(".company")).getText()).as("whose emails these are")
                    .isEqualTo("Acme Cloud");
            WebElement tips = contact.findElement(By.id("subscribed-educational"));
            assertThat(tips.isSelected()).as("in until they opt out").isTrue();
            assertThat(contact.findElement(By.id("frequency-educational")).isEnabled()).isTrue();
            tips.click();
            assertThat(contact.findElement(By.id("frequency-educational")).isEnabled())
                    .as("no frequency to choose for emails switched off").isFalse();
            new Select(contact.findElement(By.id("frequency-promotional"))).selectByVisibleText("At most quarterly");
            contact.findElement(By.id("channel-slack")).click();
            Browsers.screenshot(contact, "preference-page-before-save.png", 1100);
            contact.findElement(By.xpath("//button[text()='Save my preferences']")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".saved")));
            assertThat(contact.findElement(By.cssSelector(".saved")).getText()).startsWith("Saved.");
            assertThat(contact.findElement(By.id("subscribed-educational")).isSelected()).isFalse();
            assertThat(contact.findElement(By.id("frequency-educational")).isEnabled()).isFalse();
            assertThat(new Select(contact.findElement(By.id("frequency-promotional"))).getFirstSelectedOption().getText())
                    .isEqualTo("At most quarterly");
            assertThat(contact.findElement(By.id("channel-slack")).isSelected()).isTrue();
            Browsers.screenshot(contact, "preference-page-saved.png", 1100);
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(contact, "preference-page-failure");
            throw e;
        }

        // the welcome series (tips and best practices) goes on daily: tomorrow's does not come
        journeys.advance(Duration.ofDays(1));
        assertThat(mailsTo(address)).hasSize(1);
        var account = accounts.findByExternalId(id).orElseThrow();
        assertThat(timeline.of(account)).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("opted-out");
            assertThat(e.notes()).isEqualTo("Not sent: " + address + " opted out of educational emails");
        });
        assertThat(timeline.of(account)).anySatisfy(e -> assertThat(e.notes()).contains("Preferred channel: Slack"));
    }
}
