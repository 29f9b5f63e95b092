package io.touchline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.touchline.support.Browsers;
import io.touchline.support.Journeys;
import io.touchline.support.ModelerDeployments;
import io.touchline.support.ProcessTestBase;

/**
 * CS Ops in a headless Chromium: after deploying a changed medium-touch journey from the Modeler, the Model page
 * shows the journeys still on the old version and what changed; "Roll out" moves them, and the rollout's page
 * follows the batch until every journey has moved.
 */
class ModelPageBrowserTest extends ProcessTestBase {

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;

    private final Browsers browsers = new Browsers();
    private final List<String> deployments = new ArrayList<>();

    @BeforeEach
    void requireBrowser() {
        Browsers.require();
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        browsers.close();
        jdbc.update("update model_rollout set running_key = null");
        management.createBatchQuery().list().forEach(b -> management.deleteBatch(b.getId(), true));
        deployments.forEach(id -> repository.deleteDeployment(id, true));
    }

    @Test
    void csOpsSeeTheChangeAndRollItOutWithItsProgress() throws IOException {
        for (int i = 0; i < 3; i++) {
            journeys.enrol(Journeys.newExternalId("MODELPAGE"), 40_000, false, false, daysFromNow(250 + i), daysFromNow(-150),
                    null, "pod-atlas");
        }
        deployments.add(ModelerDeployments.deploy(rest, "ops", "journey-medium-touch.bpmn", ModelerDeployments.changedMediumTouch()));

        WebDriver ops = browsers.open();
        WebDriverWait wait = new WebDriverWait(ops, Duration.ofSeconds(30));
        try {
            ops.get("http://ops:ops@localhost:" + port + "/model");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='Touch model']")));
            WebElement medium = ops.findElement(By.id("process-journey-medium-touch"));
            assertThat(medium.getText()).contains("Medium-touch journey (Tier 2)", "3 on older versions", "needs a rollout",
                    "check-in every month (P1M) → check-in every 2 weeks (P14D)",
                    "Added email 'Send tips for the second month' (template onboarding)");
            Browsers.screenshot(ops, "model-page.png", 1400);

            medium.findElement(By.tagName("button")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[starts-with(., 'Rollout of')]")));
            assertThat(ops.findElement(By.id("progress")).getText()).contains("of 3 journeys moved");

            // the batch runs on the job executor; the page follows it on its own
            journeys.advance(Duration.ofMinutes(1));
            journeys.advance(Duration.ofMinutes(1));
            wait.until(ExpectedConditions.textToBe(By.id("state"), "done"));
            assertThat(ops.findElement(By.id("progress")).getText()).contains("3 of 3 journeys moved", "0 failed");
            Browsers.screenshot(ops, "rollout-page.png", 700);

            ops.get("http://ops:ops@localhost:" + port + "/model");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rollouts")));
            assertThat(ops.findElement(By.id("process-journey-medium-touch")).getText()).doesNotContain("on older versions");
            assertThat(ops.findElement(By.id("rollouts")).getText()).contains("journey-medium-touch", "done");
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(ops, "model-page-failure");
            throw e;
        }
    }

    @Test
    void csOpsSeeAJourneyThatFailedToMoveByItsAccountAndRunItAgain() throws Exception {
        String key = "rollout-removed-call";
        String v1 = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/rollout/removed-call.bpmn"));
        deployments.add(repository.createDeployment().name(key).addString(key + ".bpmn", v1).deploy().getId());
        String moving = Journeys.newExternalId("MODELPAGE-MOVES");
        String failing = Journeys.newExternalId("MODELPAGE-FAILS");
        runtime.startProcessInstanceByKey(key, moving);
        String instance = runtime.startProcessInstanceByKey(key, failing).getId();
        String v2 = v1.replaceAll("(?s)<!--CALL_START-->.*<!--CALL_END-->", "").replace("<!--WITHOUT_CALL", "")
                .replace("/> -->", "/>");
        deployments.add(ModelerDeployments.deploy(rest, "ops", key + ".bpmn", v2));

        WebDriver ops = browsers.open();
        WebDriverWait wait = new WebDriverWait(ops, Duration.ofSeconds(30));
        try {
            ops.get("http://ops:ops@localhost:" + port + "/model");
            WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("process-" + key)));
            assertThat(card.getText()).contains("2 on older versions", "Removed task for a person 'Welcome call'");
            card.findElement(By.tagName("button")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[starts-with(., 'Rollout of')]")));

            // the failing account's day 1 comes before the batch's turn: it now waits at the removed call
            management.executeJob(management.createJobQuery().processInstanceId(instance).activityId("Timer_Day1")
                    .singleResult().getId());
            for (int round = 0; round < 10; round++) {
                for (var job : management.createJobQuery().executable().list()) {
                    try {
                        management.executeJob(job.getId());
                    } catch (RuntimeException expected) {
                        // the failing batch job: Camunda counts down its retries, then raises the incident
                    }
                }
            }
            wait.until(ExpectedConditions.textToBe(By.id("state"), "running, with failures"));
            assertThat(ops.findElement(By.id("progress")).getText()).contains("1 of 2 journeys moved",
                    "Rollout: the journey of " + failing + " (" + key + " v1) did not move", "(a Cockpit incident)");
            Browsers.screenshot(ops, "rollout-failed.png", 800);

            ops.findElement(By.cssSelector("#retry button")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//span[contains(., 're-runs the failures of')]")));
            wait.until(ExpectedConditions.textToBe(By.id("state"), "done"));
            assertThat(ops.findElement(By.id("not-moved")).getText()).as("now refused in words, before anything moves")
                    .contains(failing, "refused", "waiting at 'Welcome call' (Task_WelcomeCall), which v2");
            Browsers.screenshot(ops, "rollout-rerun.png", 800);
        } catch (RuntimeException | AssertionError e) {
            Browsers.dump(ops, "rollout-failure-page");
            throw e;
        }
    }
}
