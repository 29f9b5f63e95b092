package io.touchline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.impl.util.ClockUtil;
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
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.account.AccountService;
import io.touchline.support.Browsers;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.touchpoint.Timeline;

/**
 * A pod CSM in a headless Chromium finds her at-risk account in her book and opens its page: the
 * countdown, health and its fall, the last NPS with its comment, the open task with a link to
 * Tasklist, what is coming, the timeline and the contact. Another pod's account is not hers: a page
 * says so. A manager sees the whole book.
 */
class AccountPageBrowserTest extends ProcessTestBase {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    AccountService accounts;
    @Autowired
    Timeline timeline;

    private final Browsers browsers = new Browsers();

    @BeforeEach
    void requireBrowser() {
        Browsers.require();
    }

    @AfterEach
    void close() throws IOException {
        browsers.close();
    }

    @Test
    void aPodCsmFindsHerAtRiskAccountAndSeesItsPage() throws IOException {
        // a day no other test reaches
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2035-03-05T10:00:00Z")));
        String tag = Journeys.newExternalId("ACCPAGE");
        String atRisk = tag + "-RISK";
        String later = tag + "-LATER";
        String otherPod = tag + "-BOREALIS";
        journeys.enrol(atRisk, 40_000, false, false, Journeys.today().plusDays(80), Journeys.today().minusDays(400), null,
                "pod-atlas");
        journeys.enrol(later, 45_000, false, false, Journeys.today().plusDays(300), Journeys.today().minusDays(400), null,
                "pod-atlas");
        journeys.enrol(otherPod, 42_000, false, false, Journeys.today().plusDays(60), Journeys.today().minusDays(400), null,
                "pod-borealis");
        accounts.recordHealthScore(atRisk, 70, Journeys.CRM);
        journeys.advance(Duration.ofDays(10));
        accounts.recordHealthScore(atRisk, 32, Journeys.CRM); // below the at-risk line: an escalation task for the pod
        journeys.executeDueJobs();
        nps(atRisk, 6, "Reporting is slow");
        var entries = timeline.of(accounts.get(atRisk, Journeys.CRM).account());
        assertThat(entries).as("something happened to show").isNotEmpty();
        String lastTitle = entries.get(entries.size() - 1).title();
        String taskName = journeys.openTasksOfAccount(atRisk).get(0).getName();

        WebDriver priya = browsers.open();
        WebDriverWait wait = new WebDriverWait(priya, Duration.ofSeconds(30));
        try {
            priya.get("http://priya:priya@localhost:" + port + "/accounts?q=" + tag);
            WebElement count = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("count")));
            assertThat(count.getText()).isEqualTo("2 accounts");
            String list = priya.findElement(By.tagName("table")).getText();
            assertThat(list).contains(atRisk, later, "Atlas pod (medium-touch)", "at risk", "$40,000").doesNotContain(otherPod);
            Browsers.screenshot(priya, "accounts-list.png", 600);

            new Select(priya.findElement(By.name("sort"))).selectByValue("health");
            priya.findElement(By.name("renewing")).click();
            priya.findElement(By.cssSelector("form.filters button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("count"), "1 account"));
            assertThat(priya.findElement(By.tagName("table")).getText()).contains(atRisk).doesNotContain(later);

            priya.findElement(By.linkText("Account " + atRisk)).click();
            WebElement health = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("health")));
            assertThat(health.getText()).contains("32 · at risk", "down 38 since 5 Mar 2035");
            assertThat(priya.findElement(By.id("renewal")).getText()).contains("in 70 days, in the renewal countdown");
            assertThat(priya.findElement(By.id("nps")).getText()).contains("6", "“Reporting is slow”");
            assertThat(priya.findElement(By.id("owner")).getText()).isEqualTo("Atlas pod (medium-touch)");
            WebElement task = priya.findElement(By.id("tasks")).findElement(By.linkText(taskName));
            assertThat(task.getAttribute("href")).contains("/camunda/app/tasklist/default/#/?task=");
            assertThat(priya.findElement(By.id("upcoming")).getText()).doesNotContain("Nothing planned");
            assertThat(priya.findElement(By.id("timeline")).getText()).contains(lastTitle);
            assertThat(priya.findElement(By.id("contacts")).getText()).contains("Jamie Customer", "UTC",
                    "Preferred channel");
            Browsers.screenshot(priya, "account-page.png", 1100);

            priya.get("http://priya:priya@localhost:" + port + "/accounts/" + otherPod);
            WebElement notHers = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".alert")));
            assertThat(priya.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
            assertThat(notHers.getText()).contains("No account with external id " + otherPod);

            // the what-if is not hers: no link to it, and a page in words if she goes there anyway
            assertThat(priya.findElements(By.linkText("What-if"))).isEmpty();
            priya.get("http://priya:priya@localhost:" + port + "/whatif");
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1"))).getText())
                    .isEqualTo("Not for your role");
            assertThat(priya.findElement(By.cssSelector(".alert")).getText()).contains("What-if is for CS Ops and CS managers");

            WebDriver morgan = browsers.open();
            morgan.get("http://morgan:morgan@localhost:" + port + "/accounts?q=" + tag);
            assertThat(new WebDriverWait(morgan, Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("count"))).getText()).isEqualTo("3 accounts");
            assertThat(morgan.findElements(By.linkText("What-if"))).hasSize(1);
            morgan.get("http://morgan:morgan@localhost:" + port + "/accounts?tier=gold");
            assertThat(morgan.findElement(By.cssSelector(".alert")).getText()).contains("tier is not a tier");
            assertThat(morgan.findElements(By.linkText("What-if"))).as("the error page keeps her navigation").hasSize(1);
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(priya, "account-page-failure");
            throw e;
        }
    }

    @Test
    void everyPageHasItsIcon() {
        var icon = rest.getForEntity("/favicon.ico", byte[].class);
        assertThat(icon.getStatusCode().value()).as("asked for by every page, without a login").isEqualTo(200);
        assertThat(icon.getHeaders().getContentType()).hasToString("image/x-icon");
        assertThat(icon.getBody()).startsWith(0, 0, 1, 0); // an icon file
    }

    /** A page's error is a page in words; the same error from the API stays the API's JSON. */
    @Test
    void aPageAnswersItsErrorsAsAPageAndTheApiAsJson() {
        var page = rest.withBasicAuth("morgan", "morgan").getForEntity("/results?months=99", String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(400);
        assertThat(page.getHeaders().getContentType().toString()).startsWith("text/html");
        assertThat(page.getBody()).contains("This page cannot show that", "months 1 to 24 months, not 99", "href=\"/whatif\"");
        var api = rest.withBasicAuth("morgan", "morgan").getForEntity("/api/results?months=99", String.class);
        assertThat(api.getStatusCode().value()).isEqualTo(400);
        assertThat(api.getBody()).contains("\"field\":\"months\"");
    }

    private void nps(String account, int score, String comment) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "nps-answer");
        event.put("eventId", "accpage-nps-" + account);
        event.put("occurredAt", Journeys.now().toString());
        event.put("score", score);
        event.put("comment", comment);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var sent = rest.withBasicAuth("crm", "crm").postForEntity("/api/accounts/" + account + "/events",
                new HttpEntity<>(event, headers), JsonNode.class);
        assertThat(sent.getStatusCode().is2xxSuccessful()).as(String.valueOf(sent.getBody())).isTrue();
    }
}
