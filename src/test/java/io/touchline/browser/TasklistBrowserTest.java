package io.touchline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.icegreen.greenmail.junit5.GreenMailExtension;

import io.touchline.demo.DemoTeam;
import io.touchline.support.Browsers;
import io.touchline.support.Journeys;
import io.touchline.support.TestSmtp;
import io.touchline.support.TouchlineTest;
import io.touchline.touchpoint.Timeline;

/**
 * A CSM works a touch in the real Camunda Tasklist, in a headless Chromium: priya (Atlas pod) logs
 * in and lands on "My work", claims the monthly check-in call of an Atlas account, fills the
 * Camunda Form and completes it; the call lands on the account's timeline. omar (Borealis pod)
 * does not see the task. Needs Debian's chromium and chromedriver; skipped without them (failed on CI).
 */
@TouchlineTest
class TasklistBrowserTest {

    private static final Duration UI_TIMEOUT = Duration.ofSeconds(30);
    private static final String TASK_NAME = "Monthly check-in call";

    /** The journey's value-summary email goes out while the clock moves; let it be delivered, not retried later. */
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            TestSmtp.setup()).withPerMethodLifecycle(true);

    @LocalServerPort
    int port;
    @Autowired
    Journeys journeys;
    @Autowired
    TaskService taskService;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    io.touchline.account.AccountService accounts;

    private final Browsers browsers = new Browsers();
    private String externalId;

    @BeforeEach
    void requireBrowser() {
        Browsers.require();
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            browsers.close();
        } finally {
            journeys.cleanUp();
        }
    }

    @Test
    void csmCompletesCheckInCallInTasklistAndItLandsOnTheTimeline() throws IOException {
        // A medium-touch Atlas account, customer for 120 days (no onboarding); within a month and a half
        // its monthly check-in call falls due (in the account's slot of the month).
        journeys.startClock();
        externalId = Journeys.newExternalId("TASKLIST");
        journeys.enrol(externalId, 50_000, false, false, Journeys.today().plusYears(1),
                Journeys.today().minusDays(120), null, DemoTeam.POD_ATLAS);
        journeys.advanceUntil("the monthly check-in call", () -> journeys.openTasksOfAccount(externalId).stream()
                .anyMatch(t -> t.getName().startsWith(TASK_NAME)), 46);
        Task task = journeys.openTasksOfAccount(externalId).stream().filter(t -> t.getName().startsWith(TASK_NAME))
                .findFirst().orElseThrow(() -> new AssertionError("No '" + TASK_NAME + "' for " + externalId));
        assertThat(taskService.createTaskQuery().taskId(task.getId()).initializeFormKeys().singleResult()
                .getCamundaFormRef().getKey()).isEqualTo("check-in-call");
        assertThat(task.getAssignee()).isNull();
        assertThat(taskService.getIdentityLinksForTask(task.getId())).filteredOn(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
                .extracting(IdentityLink::getGroupId).containsExactly(DemoTeam.POD_ATLAS);

        // Another pod does not see it, neither in Tasklist nor through the engine's REST API.
        assertThat(engineRestTasks("omar")).as("omar's tasks over /engine-rest").isEmpty();
        assertThat(engineRestTasks("priya")).as("priya's tasks over /engine-rest")
                .extracting(t -> t.get("id")).containsExactly(task.getId());
        WebDriver omar = browsers.open();
        logIn(omar, "omar");
        assertThat(filterNames(omar)).as("omar's filters").containsExactly("My work", "My pod and pool");
        for (String filter : List.of("My work", "My pod and pool")) {
            assertThat(tasksShownIn(omar, filter)).as("tasks omar sees in '%s'", filter).doesNotContain(task.getId());
        }
        // a high-touch CSM has no pod: no pod filter either
        WebDriver dana = browsers.open();
        logIn(dana, "dana");
        assertThat(filterNames(dana)).as("dana's filters").containsExactly("My work");

        // priya lands on her work: the pod's unclaimed check-in is there, counted, without picking a filter
        WebDriver priya = browsers.open();
        logIn(priya, "priya");
        assertThat(landedOn(priya)).isEqualTo("My work");
        assertThat(tasksShownIn(priya, "My work")).contains(task.getId());
        assertThat(priya.findElements(By.cssSelector(".ce-eol-banner")).stream().filter(WebElement::isDisplayed))
                .as("Camunda's migrate-to-Camunda-8 banner").isEmpty();
        assertThat(priya.findElements(By.cssSelector(".tasks-list .task .priority")).stream().filter(WebElement::isDisplayed))
                .as("the engine's default priority on each card").isEmpty();
        Browsers.screenshot(priya, "tasklist-landing.png", 700);
        WebDriverWait wait = new WebDriverWait(priya, UI_TIMEOUT);
        try {
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//section[contains(@class,'tasks-list')]//a[contains(@href,'task=" + task.getId() + "')]")))
                    .click();
            // the task's title names the touch and the account it is for
            wait.until(ExpectedConditions.textToBe(By.cssSelector("[cam-tasklist-task] .names h2.task"),
                    TASK_NAME + " · Account " + externalId));

            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
            wait.until(d -> priyaIsAssignee(task.getId()));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));

            fillCheckInForm(priya, wait);
            Browsers.screenshot(priya, "tasklist-check-in.png", 1500);
            complete(priya, wait, task.getId());
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(priya, "tasklist-check-in-failure");
            throw e;
        }

        assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).isZero();
        ResponseEntity<List<Timeline.Entry>> timeline = rest.withBasicAuth("priya", "priya").exchange(
                "/api/accounts/{id}/timeline", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Timeline.Entry>>() { }, externalId);
        assertThat(timeline.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(timeline.getBody()).filteredOn(e -> "check-in-call".equals(e.kind())).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.title()).isEqualTo(TASK_NAME);
                    assertThat(entry.owner()).isEqualTo("priya");
                    assertThat(entry.outcome()).isEqualTo("held");
                    assertThat(entry.channel()).isEqualTo("phone");
                    assertThat(entry.notes()).isEqualTo("Walked through the new dashboard");
                    assertThat(entry.nextSteps()).isEqualTo("Send the dashboard guide; check in on adoption next month");
                    assertThat(entry.healthAssessment()).isEqualTo("green");
                });
    }

    /**
     * A call the customer did not come to is recorded as it was: the questions only a held call can answer
     * (reasons for the risk, recovery plan) appear only when the outcome is Held, and are not asked otherwise.
     */
    @Test
    void aNoShowIsRecordedWithoutTheQuestionsOnlyAHeldCallAnswers() throws IOException {
        journeys.startClock();
        externalId = Journeys.newExternalId("NOSHOW");
        journeys.enrol(externalId, 50_000, false, false, Journeys.today().plusYears(1), Journeys.today().minusDays(120), null,
                DemoTeam.POD_ATLAS);
        accounts.recordHealthScore(externalId, 30, Journeys.CRM);
        journeys.executeDueJobs();
        Task task = journeys.openTasksOfAccount(externalId).stream().filter(t -> t.getName().startsWith("At-risk intervention"))
                .findFirst().orElseThrow(() -> new AssertionError("No at-risk intervention for " + externalId));

        WebDriver priya = browsers.open();
        logIn(priya, "priya");
        WebDriverWait wait = new WebDriverWait(priya, UI_TIMEOUT);
        By recoveryPlan = By.xpath("//label[starts-with(normalize-space(), 'Recovery plan')]");
        try {
            priya.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + task.getId());
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
            wait.until(d -> priyaIsAssignee(task.getId()));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
            // the account at a glance, on the form, with the way to its page
            WebElement context = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//*[contains(@class,'fjs-form-field-text')][contains(., 'Last conversation')]")));
            assertThat(context.getText()).contains("Account " + externalId, "ARR $50,000", "health 30 (at risk)",
                    "renewal ", "days)", "Last conversation: none yet");
            assertThat(context.findElement(By.linkText("Open the account page")).getDomAttribute("href"))
                    .isEqualTo("/accounts/" + externalId);
            assertThat(priya.findElements(recoveryPlan)).as("asked before the outcome is known").isEmpty();
            choose(wait, "Field_Outcome", "Held");
            wait.until(ExpectedConditions.visibilityOfElementLocated(recoveryPlan));
            choose(wait, "Field_Outcome", "No-show");
            wait.until(ExpectedConditions.invisibilityOfElementLocated(recoveryPlan));
            pick(wait, "Field_Channel", "Video call");
            type(wait, "Field_Notes", "Did not join; sent two new times");
            choose(wait, "Field_HealthAssessment", "At risk");
            Browsers.screenshot(priya, "tasklist-no-show.png", 1300);
            complete(priya, wait, task.getId());
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(priya, "tasklist-no-show-failure");
            throw e;
        }
        ResponseEntity<List<Timeline.Entry>> timeline = rest.withBasicAuth("priya", "priya").exchange(
                "/api/accounts/{id}/timeline", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Timeline.Entry>>() { }, externalId);
        assertThat(timeline.getBody()).filteredOn(e -> "at-risk-intervention".equals(e.kind())).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.outcome()).isEqualTo("no-show");
                    assertThat(entry.notes()).isEqualTo("Did not join; sent two new times");
                    assertThat(entry.healthAssessment()).isEqualTo("red");
                    assertThat(entry.details()).as("nothing a held call would have answered").isNull();
                });
        // and on the account's page, as the CSM reads it next
        priya.get("http://priya:priya@localhost:" + port + "/accounts/" + externalId);
        WebElement line = new WebDriverWait(priya, UI_TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[@id='timeline']//tr[contains(., 'At-risk intervention')]")));
        assertThat(line.getText()).contains("no-show", "Did not join; sent two new times", "Priya Nair");
        Browsers.screenshot(priya, "account-after-no-show.png", 900);
    }

    private void fillCheckInForm(WebDriver driver, WebDriverWait wait) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
        choose(wait, "Field_Outcome", "Held");

        pick(wait, "Field_Channel", "Phone");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[id$='-Field_Channel-display']"), "Phone"));

        type(wait, "Field_Notes", "Walked through the new dashboard");
        type(wait, "Field_NextSteps", "Send the dashboard guide; check in on adoption next month");
        choose(wait, "Field_HealthAssessment", "Healthy");

        // everything still as entered (nothing re-rendered the form under our hands)
        assertThat(radio(driver, "Field_Outcome", "Held").isSelected()).as("outcome Held").isTrue();
        assertThat(driver.findElement(By.cssSelector("[id$='-Field_Channel-display']")).getText()).isEqualTo("Phone");
        assertThat(driver.findElement(By.cssSelector("textarea[id$='-Field_Notes']")).getDomProperty("value"))
                .isEqualTo("Walked through the new dashboard");
        assertThat(radio(driver, "Field_HealthAssessment", "Healthy").isSelected()).as("health Healthy").isTrue();
    }

    /** Clicks Complete, as a person would after scrolling to it, and waits until the task is done. */
    private void complete(WebDriver driver, WebDriverWait wait, String taskId) {
        WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[ng-click='complete()']")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
        wait.until(ExpectedConditions.elementToBeClickable(complete)).click();
        wait.until(d -> taskService.createTaskQuery().taskId(taskId).count() == 0);
    }

    /** Opens a form-js dropdown and picks an option by its label. */
    private static void pick(WebDriverWait wait, String fieldId, String label) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[id$='-" + fieldId + "-display']"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//*[contains(@class,'fjs-dropdownlist-item') and normalize-space()='" + label + "']"))).click();
    }

    /**
     * Clicks a radio option by its label, as a person would. Clicked again if it did not take: when a
     * textarea loses focus, form-js resizes it and the options below move under the first click.
     */
    private static void choose(WebDriverWait wait, String fieldId, String label) {
        By option = By.xpath("//label[contains(@for,'-" + fieldId + "-') and normalize-space()='" + label + "']");
        wait.until(ExpectedConditions.elementToBeClickable(option));
        wait.until(d -> {
            if (!radio(d, fieldId, label).isSelected()) {
                WebElement target = d.findElement(option);
                ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'});", target);
                target.click();
            }
            return radio(d, fieldId, label).isSelected();
        });
    }

    private static WebElement radio(WebDriver driver, String fieldId, String label) {
        String id = driver.findElement(By.xpath("//label[contains(@for,'-" + fieldId + "-') and normalize-space()='"
                + label + "']")).getDomAttribute("for");
        return driver.findElement(By.id(id));
    }

    private static void type(WebDriverWait wait, String fieldId, String text) {
        WebElement area = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("textarea[id$='-" + fieldId + "']")));
        area.clear();
        area.sendKeys(text);
        wait.until(ExpectedConditions.attributeToBe(area, "value", text));
    }

    private boolean priyaIsAssignee(String taskId) {
        Task current = taskService.createTaskQuery().taskId(taskId).singleResult();
        return current != null && "priya".equals(current.getAssignee());
    }

    private void logIn(WebDriver driver, String user) {
        WebDriverWait wait = new WebDriverWait(driver, UI_TIMEOUT);
        driver.get("http://localhost:" + port + "/camunda/app/tasklist/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model='username']")))
                .sendKeys(user);
        driver.findElement(By.cssSelector("input[ng-model='password']")).sendKeys(user);
        driver.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filter")));
    }

    /** The filter Tasklist shows after login, once it shows its count. */
    private static String landedOn(WebDriver driver) {
        return new WebDriverWait(driver, UI_TIMEOUT).until(d -> {
            var active = d.findElements(By.cssSelector(".task-filter.active h4.name a"));
            var counter = d.findElements(By.cssSelector(".task-filter.active span.counter"));
            return !active.isEmpty() && !counter.isEmpty() && counter.get(0).getText().trim().matches("\\d+")
                    ? active.get(0).getText().replaceAll("\\s*\\d+$", "").trim() : null;
        });
    }

    private static List<String> filterNames(WebDriver driver) {
        return driver.findElements(By.cssSelector(".task-filter h4.name a")).stream()
                .map(a -> a.getText().replaceAll("\\s*\\d+$", "").trim()).toList();
    }

    /**
     * Picks the filter and returns the ids of the tasks it lists, once the list shows as many tasks as
     * the filter's counter says (so an empty list is a loaded one, not one still on its way).
     */
    private static List<String> tasksShownIn(WebDriver driver, String filterName) {
        WebDriverWait wait = new WebDriverWait(driver, UI_TIMEOUT);
        By filter = By.xpath("//div[contains(@class,'task-filter')][.//h4[contains(@class,'name')]/a"
                + "[normalize-space(text())='" + filterName + "']]");
        wait.until(ExpectedConditions.elementToBeClickable(filter)).click();
        wait.until(ExpectedConditions.attributeContains(filter, "class", "active"));
        By counter = By.xpath("//div[contains(@class,'task-filter') and contains(@class,'active')]//span[contains(@class,'counter')]");
        By links = By.cssSelector("section.tasks-list a[href*='task=']");
        return wait.until(d -> {
            String count = d.findElement(counter).getText().trim();
            if (!count.matches("\\d+")) {
                return null;
            }
            List<String> ids = d.findElements(links).stream()
                    .map(a -> a.getDomAttribute("href").replaceAll(".*task=([^&]+).*", "$1")).toList();
            return ids.size() == Integer.parseInt(count) ? ids : null;
        });
    }

    private List<Map<String, Object>> engineRestTasks(String user) {
        ResponseEntity<List<Map<String, Object>>> answer = rest.withBasicAuth(user, user).exchange(
                "/engine-rest/task?processInstanceBusinessKey={key}", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }, externalId);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }
}
