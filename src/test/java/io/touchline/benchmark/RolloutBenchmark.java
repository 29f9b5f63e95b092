package io.touchline.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.icegreen.greenmail.util.GreenMail;

import io.touchline.account.AccountRequest;
import io.touchline.demo.BookBuilder;
import io.touchline.model.Rollouts;
import io.touchline.support.Journeys;
import io.touchline.support.ModelerDeployments;

/**
 * A rollout of a changed medium-touch journey (check-ins every 2 weeks, day 10, a new day-45 email) and a changed
 * renewal countdown to a book of medium-touch journeys, each with its countdown, on PostgreSQL: journeys moved per
 * second by Touchline's rollout (the plan per version, the check of every journey, the batch, the timeline lines)
 * against Camunda's own migration batch over the same instances (mapEqualActivities, journeys and countdowns),
 * interleaved, {@code touchline.benchmark.repetitions} times (3). Book size: {@code touchline.benchmark.rollout-accounts}
 * (10,000). Run with {@code mvn -Pbenchmark test -Dtest=RolloutBenchmark}.
 */
@Tag("benchmark")
class RolloutBenchmark {

    private static final Logger log = LoggerFactory.getLogger(RolloutBenchmark.class);
    static final int ACCOUNTS = Integer.getInteger("touchline.benchmark.rollout-accounts", 10_000);
    static final int REPETITIONS = Integer.getInteger("touchline.benchmark.repetitions", 3);
    private static final Figures FIGURES = new Figures();
    private static GreenMail smtp;

    @BeforeAll
    static void smtpServer() {
        smtp = new GreenMail(io.touchline.support.TestSmtp.setup());
        smtp.start();
    }

    @AfterAll
    static void printTable() {
        smtp.stop();
        FIGURES.write(Path.of("target", "benchmark", "rollout.md"));
        log.warn("Rollout of {} journeys with their countdowns ({} repetitions):\n{}", ACCOUNTS, REPETITIONS, FIGURES.table());
    }

    @Test
    void onPostgres() throws Exception {
        Assumptions.assumeTrue(System.getenv("CI") != null || BenchApp.postgresAnswers(),
                "no PostgreSQL benchmark database (sudo bash .ci/setup-postgres)");
        BenchApp.resetPostgres();
        try (BenchApp app = BenchApp.postgres(smtp.getSmtp().getPort(), Map.of("touchline.planner.enabled", "false"))) {
            run(app);
        }
    }

    private void run(BenchApp app) throws Exception {
        RepositoryService repository = app.bean(RepositoryService.class);
        RuntimeService runtime = app.bean(RuntimeService.class);
        ManagementService management = app.bean(ManagementService.class);
        Rollouts rollouts = app.bean(Rollouts.class);
        // the batches of the last repetition have to be gone before the next starts
        java.util.function.BooleanSupplier batchesLeft = () -> management.createBatchQuery().count() > 0;
        enrol(app);
        String[] journeys = { Files.readString(Path.of("processes/journey-medium-touch.bpmn")), ModelerDeployments.changedMediumTouch() };
        String shippedCountdown = Files.readString(Path.of("processes/renewal-countdown.bpmn"));
        String[] countdowns = { shippedCountdown,
                shippedCountdown.replace("${schedule.before(renewalDate, 'P90D')}", "${schedule.before(renewalDate, 'P100D')}") };
        double[] product = new double[REPETITIONS];
        double[] raw = new double[REPETITIONS];
        int variant = 1;
        org.springframework.jdbc.core.JdbcTemplate jdbc = app.bean(org.springframework.jdbc.core.JdbcTemplate.class);
        for (int rep = 0; rep < REPETITIONS; rep++) {
            while (batchesLeft.getAsBoolean()) {
                Thread.sleep(500);
            }
            settle(jdbc);
            // Touchline: a new version of both, rolled out from the Model page's service
            deploy(repository, journeys[variant], countdowns[variant]);
            variant = 1 - variant;
            long start = System.nanoTime();
            Rollouts.Rollout rollout = rollouts.start("journey-medium-touch", null, Map.of(), "ops");
            assertThat(rollout.refused()).isZero();
            log.warn("rollout rep {}: planned and checked in {} s", rep + 1, Figures.number((System.nanoTime() - start) / 1e9));
            // done when every journey and countdown has moved and has its line (Camunda's batch monitor, which
            // removes the batch up to 30 s later, is left out on both sides)
            while ((rollout = rollouts.get(rollout.id())).moved() < 2L * ACCOUNTS) {
                assertThat(rollout.failed()).isZero();
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            product[rep] = ACCOUNTS / seconds;

            while (batchesLeft.getAsBoolean() || !rollouts.get(rollout.id()).state().startsWith("done")) {
                Thread.sleep(500);
            }
            settle(jdbc);
            // raw: a new version of both, moved by Camunda's own migration batches over the same instances
            deploy(repository, journeys[variant], countdowns[variant]);
            variant = 1 - variant;
            start = System.nanoTime();
            List<Batch> batches = new ArrayList<>();
            for (String key : List.of("journey-medium-touch", "renewal-countdown")) {
                List<ProcessDefinition> versions = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                        .orderByProcessDefinitionVersion().desc().listPage(0, 2);
                batches.add(runtime.newMigration(runtime.createMigrationPlan(versions.get(1).getId(), versions.get(0).getId())
                        .mapEqualActivities().build())
                        .processInstanceQuery(runtime.createProcessInstanceQuery().processDefinitionId(versions.get(1).getId()))
                        .executeAsync());
            }
            while (onLatest(repository, runtime, "journey-medium-touch") + onLatest(repository, runtime, "renewal-countdown")
                    < 2L * ACCOUNTS) {
                Thread.sleep(250);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            raw[rep] = ACCOUNTS / seconds;
            log.warn("rollout rep {}: Touchline {} journeys/s, Camunda batch {} journeys/s", rep + 1,
                    Figures.number(product[rep]), Figures.number(raw[rep]));
        }
        FIGURES.add(new Figures.Row(app.database, "rollout of " + ACCOUNTS + " journeys with their countdowns", "journeys/s",
                product, raw, Figures.Goal.RATIO_AT_LEAST, 0.8, "vs Camunda's migration batch"));
    }

    /** The book: medium-touch accounts in their cadence term, each with a renewal countdown, through the import. */
    private static void enrol(BenchApp app) throws InterruptedException {
        LocalDate today = LocalDate.now();
        List<AccountRequest> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(Journeys.request(Journeys.newExternalId("ROLL"), 30_000, false, false, today.plusDays(200 + i % 100),
                    today.minusDays(200), null, "pod-atlas", "UTC"));
        }
        HttpResponse<String> response = app.post("/api/accounts/import", "crm", "text/csv", BookBuilder.csv(accounts));
        assertThat(response.statusCode()).as(response.body()).isIn(201, 202);
        if (response.statusCode() == 202) {
            String location = response.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (!app.get(location, "crm").body().contains("\"done\"")) {
                assertThat(System.nanoTime()).as("import done within an hour").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /**
     * Each side starts on a quiet machine, as in RealBookBenchmark: the planner has re-planned what the import or
     * the last rollout changed (Touchline's own work after a rollout, timed apart: logged).
     */
    private static void settle(org.springframework.jdbc.core.JdbcTemplate jdbc) throws InterruptedException {
        long start = System.nanoTime();
        while (jdbc.queryForObject("select count(*) from account_plan where stale = true", Long.class) > 0) {
            Thread.sleep(200);
        }
        log.warn("the planner caught up in {} s", Figures.number((System.nanoTime() - start) / 1e9));
    }

    private static long onLatest(RepositoryService repository, RuntimeService runtime, String key) {
        ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
        return runtime.createProcessInstanceQuery().processDefinitionId(latest.getId()).count();
    }

    private static void deploy(RepositoryService repository, String journey, String countdown) {
        repository.createDeployment().name("rollout-benchmark").enableDuplicateFiltering(true)
                .addString("journey-medium-touch.bpmn", journey).addString("renewal-countdown.bpmn", countdown).deploy();
    }
}
