package io.touchline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

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
import org.springframework.jdbc.core.JdbcTemplate;

import io.touchline.support.Browsers;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * CS Ops in a headless Chromium declare "Tier 2 check-ins: monthly vs every 2 weeks" on the Experiments page: a
 * wrong period is said next to the form and nothing starts; then the experiment runs with the tier's accounts
 * split, no verdict yet; a CSM reads it without the buttons; CS Ops promote the every-2-weeks variant.
 */
class ExperimentPageBrowserTest extends ProcessTestBase {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private final Browsers browsers = new Browsers();

    @BeforeEach
    void requireBrowser() {
        Browsers.require();
    }

    @AfterEach
    void close() throws IOException {
        browsers.close();
        jdbc.update("update experiment set state = 'ended' where state <> 'ended'");
    }

    @Test
    void csOpsDeclareAnExperimentAndPromoteItsWinner() throws IOException {
        // a day no other test reaches: no call of another test's account counts after it joins
        org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(java.time.Instant.parse("2033-03-01T10:00:00Z")));
        for (int i = 0; i < 6; i++) {
            journeys.enrol(Journeys.newExternalId("EXPPAGE"), 40_000, false, false, Journeys.today().plusDays(250 + i),
                    Journeys.today().minusDays(150), null, "pod-atlas");
        }
        WebDriver ops = browsers.open();
        WebDriverWait wait = new WebDriverWait(ops, Duration.ofSeconds(30));
        try {
            ops.get("http://ops:ops@localhost:" + port + "/experiments");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("declare")));
            fill(ops, "Tier 2 check-ins: monthly vs every 2 weeks", "monthly = P1M\nevery-2-weeks = every other week");
            WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
            assertThat(problem.getText()).contains("variants[1].every", "a period such as P1M or P14D");
            assertThat(ops.findElement(By.name("name")).getAttribute("value")).as("what was typed is kept")
                    .isEqualTo("Tier 2 check-ins: monthly vs every 2 weeks");

            fill(ops, null, "monthly = P1M\nevery-2-weeks = P14D");
            WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("div[id^='experiment-']")));
            assertThat(card.getText()).contains("Tier 2 check-ins: monthly vs every 2 weeks", "running",
                    "no winner yet: 0 of 33 accounts per variant", "check-in every month (P1M)", "(control)",
                    "check-in every 2 weeks (P14D)", "Promote 'every-2-weeks'");
            Browsers.screenshot(ops, "experiments-page.png", 900);

            WebDriver csm = browsers.open();
            csm.get("http://priya:priya@localhost:" + port + "/experiments");
            WebElement seen = new WebDriverWait(csm, Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("div[id^='experiment-']")));
            assertThat(seen.getText()).contains("no winner yet").doesNotContain("Promote", "End the experiment");
            assertThat(csm.findElements(By.id("declare"))).isEmpty();

            card.findElement(By.xpath(".//button[text()=\"Promote 'every-2-weeks'\"]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("div[id^='experiment-']"),
                    "every medium-touch account follows 'every-2-weeks'"));
            Browsers.screenshot(ops, "experiments-promoted.png", 700);
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(ops, "experiments-page-failure");
            throw e;
        }
    }

    private static void fill(WebDriver ops, String name, String variants) {
        WebElement form = ops.findElement(By.id("declare"));
        if (name != null) {
            form.findElement(By.name("name")).sendKeys(name);
        }
        new Select(form.findElement(By.name("loop"))).selectByValue("medium-touch|check-in");
        form.findElement(By.name("variants")).clear();
        form.findElement(By.name("variants")).sendKeys(variants);
        new Select(form.findElement(By.name("touch"))).selectByValue("medium-touch|check-in-call");
        form.findElement(By.name("baselinePercent")).clear();
        form.findElement(By.name("baselinePercent")).sendKeys("35");
        form.findElement(By.name("expectedPercent")).clear();
        form.findElement(By.name("expectedPercent")).sendKeys("72");
        form.findElement(By.tagName("button")).click();
    }
}
