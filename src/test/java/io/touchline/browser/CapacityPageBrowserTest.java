package io.touchline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import io.touchline.support.Browsers;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * A CS manager opens the capacity page in a headless Chromium: Marco, with 2 hours a week for
 * planned touches and ten high-touch accounts, has weeks over capacity, shown in red in his chart
 * and table, and the model check says the high-touch model needs more CSMs than the team has.
 */
@TestPropertySource(properties = "touchline.capacity.csm-weekly-hours.marco=2")
class CapacityPageBrowserTest extends ProcessTestBase {

    @LocalServerPort
    int port;

    private final Browsers browsers = new Browsers();

    @BeforeEach
    void requireBrowser() {
        Browsers.require();
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        browsers.close();
    }

    @Test
    void overCapacityWeeksStandOutAndTheModelCheckSaysSoPlainly() throws IOException {
        for (int i = 0; i < 10; i++) {
            journeys.enrol(Journeys.newExternalId("CAPPAGE"), 150_000, false, false, daysFromNow(300 + i),
                    daysFromNow(-200), "marco", null);
        }
        WebDriver manager = browsers.open();
        WebDriverWait wait = new WebDriverWait(manager, Duration.ofSeconds(30));
        try {
            manager.get("http://morgan:morgan@localhost:" + port + "/capacity");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='CSM capacity']")));

            WebElement check = manager.findElement(By.id("model-check"));
            assertThat(check.findElement(By.cssSelector(".alert.bad")).getText())
                    .matches("Over capacity: high-touch takes [0-9.]+ CSM hours a week for 10 accounts \\([0-9.]+ (h|min) per "
                            + "account\\); the rest of its journey is automated; you have 1 CSM per 10 of them, and the planned "
                            + "hours allow only [0-9.]+\\.");

            WebElement marco = manager.findElement(By.cssSelector(".csm[data-csm='marco']"));
            assertThat(marco.findElement(By.tagName("h2")).getText()).contains("Marco Ruiz", "2.0 h a week", "over capacity");
            List<WebElement> overWeeks = marco.findElements(By.cssSelector("td.week.over"));
            assertThat(overWeeks).isNotEmpty();
            assertThat(overWeeks).allSatisfy(cell -> assertThat(Double.parseDouble(cell.getText())).isGreaterThan(2.0));
            assertThat(marco.findElements(By.cssSelector("td.week:not(.over)")))
                    .allSatisfy(cell -> assertThat(Double.parseDouble(cell.getText())).isLessThanOrEqualTo(2.0));
            assertThat(marco.findElements(By.cssSelector("svg rect.over"))).hasSize(overWeeks.size());
            assertThat(marco.findElements(By.cssSelector("svg line.capacity"))).hasSize(1);
            Browsers.screenshot(manager, "capacity-page.png", 1300);

            manager.get("http://morgan:morgan@localhost:" + port + "/calendar?owner=marco");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='Cadence calendar']")));
            assertThat(manager.findElements(By.cssSelector("svg rect.human"))).hasSize(12);
            assertThat(manager.findElement(By.tagName("main")).getText()).as("owners by name, weeks as the calendar says them")
                    .contains("Check-in call", "Marco Ruiz").doesNotContainPattern("\\d{4}-W\\d{2}");
            Browsers.screenshot(manager, "calendar-page.png", 1300);
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(manager, "capacity-page-failure");
            throw e;
        }
    }
}
