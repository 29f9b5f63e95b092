package io.touchline.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

import io.touchline.account.AccountRequest;
import io.touchline.demo.BookBuilder;
import io.touchline.demo.DemoTeam;
import io.touchline.messaging.OutboxDispatcher;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Touchline at the size of a real book, against the raw Camunda engine in the same run, on H2 and
 * on PostgreSQL ({@code mvn -B -Pbenchmark test}). The raw baseline is the engine alone on the same
 * database with the same settings: a process of start, timer, no-op step, end, with five variables,
 * history full. Each row is measured {@value #REPETITIONS} times, Touchline and raw back to back
 * (interleaved), and printed as median and range. The book is made by {@link BookBuilder} through
 * the product's own CSV import; its size is {@code -Dtouchline.benchmark.accounts} (default 100,000).
 * Figures are printed and written to {@code target/benchmark/real-book.md}; nothing here is a test
 * that can pass or fail on a timing.
 */
@Tag("benchmark")
class RealBookBenchmark {

    private static final Logger log = LoggerFactory.getLogger(RealBookBenchmark.class);
    static final int REPETITIONS = Integer.getInteger("touchline.benchmark.repetitions", 3);
    static final int BOOK = Integer.getInteger("touchline.benchmark.accounts", 100_000);
    static final int OPEN_TASKS = Integer.getInteger("touchline.benchmark.open-tasks", 100_000);
    static final Set<String> ROWS = Set.of(System.getProperty("touchline.benchmark.rows",
            "enrolment,drain,outbox,book").split(","));
    static final int IMPORT_ROWS = 500;
    /** Threads the import enrols on (touchline.import.threads: one per core). */
    static final int IMPORT_THREADS = Runtime.getRuntime().availableProcessors();
    static final int SINGLE_POSTS = 200;
    static final int DRAIN_ACCOUNTS = 2_000;
    static final int DRAIN_DAYS = 8;
    static final int OUTBOX_EMAILS = 1_000;
    static final int LATENCY_SAMPLES = 30;
    private static final String CRM = "crm";
    private static final String MANAGER = "morgan";
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private static final Figures FIGURES = new Figures();
    private static GreenMail smtp;

    @BeforeAll
    static void smtpServer() {
        // the port every application context of a test JVM sends to (TestSmtp sets it)
        smtp = new GreenMail(io.touchline.support.TestSmtp.setup());
        smtp.start();
    }

    @AfterAll
    static void printTable() {
        smtp.stop();
        ClockUtil.reset();
        FIGURES.write(Path.of("target", "benchmark", "real-book.md"));
        log.warn("Touchline at the size of a real book ({} accounts, {} repetitions):\n{}", BOOK, REPETITIONS,
                FIGURES.table());
    }

    @Test
    void onH2(@TempDir Path dir) {
        try (BenchApp app = BenchApp.h2(dir, smtp.getSmtp().getPort(), Map.of())) {
            run(app);
        }
    }

    @Test
    void onPostgres() {
        Assumptions.assumeTrue(System.getenv("CI") != null || BenchApp.postgresAnswers(),
                "no PostgreSQL benchmark database (sudo bash .ci/setup-postgres)");
        try (BenchApp app = BenchApp.postgres(smtp.getSmtp().getPort(), Map.of())) {
            run(app);
        }
    }

    private void run(BenchApp app) {
        Bench bench = new Bench(app);
        bench.prepare();
        if (ROWS.contains("enrolment")) {
            bench.enrolment();
        }
        if (ROWS.contains("drain")) {
            bench.drain();
        }
        if (ROWS.contains("outbox")) {
            bench.outbox();
        }
        if (ROWS.contains("book")) {
            bench.realBook();
        }
        log.warn("{} done:\n{}", app.database, FIGURES.table());
    }

    /** One database's run. */
    private static final class Bench {
        private final BenchApp app;
        private final JdbcTemplate jdbc;
        private final ProcessEngine engine;
        private final BookBuilder book;
        private final BookBuilder extra;
        private int nextExtra = 1;
        private final java.util.concurrent.atomic.AtomicInteger rawCount = new java.util.concurrent.atomic.AtomicInteger();

        Bench(BenchApp app) {
            this.app = app;
            this.jdbc = app.bean(JdbcTemplate.class);
            this.engine = app.bean(ProcessEngine.class);
            this.book = new BookBuilder(BOOK, 7);
            // accounts the rows enrol and time (apart from the book, so the book stays the size it says)
            this.extra = new BookBuilder("MORE", 999_999, 11, book.team());
        }

        void prepare() {
            moveTo(nextMonday10Utc(Instant.now()));
            engine.getRepositoryService().createDeployment().name("raw-baseline")
                    .addClasspathResource("benchmark/raw-baseline.bpmn").deploy();
            app.bean(DemoTeam.class).ensureStaff(book.members());
            // warm-up: both sides once, nothing recorded
            rawStarts(200, IMPORT_THREADS);
            importCsv(extraAccounts(200));
            settle();
        }

        /** Rows 1 and 2: accounts enrolled per second against raw process starts per second. */
        void enrolment() {
            double[] csv = new double[REPETITIONS];
            double[] rawCsv = new double[REPETITIONS];
            double[] single = new double[REPETITIONS];
            double[] rawSingle = new double[REPETITIONS];
            for (int rep = 0; rep < REPETITIONS; rep++) {
                // the import enrols on one thread per core: the raw engine starts on as many
                rawCsv[rep] = rawStarts(IMPORT_ROWS, IMPORT_THREADS);
                String file = BookBuilder.csv(extraAccounts(IMPORT_ROWS));
                csv[rep] = IMPORT_ROWS / timed(() -> importCsv(file));
                settle();
                rawSingle[rep] = rawStarts(SINGLE_POSTS, 1);
                List<AccountRequest> accounts = extraAccounts(SINGLE_POSTS);
                single[rep] = SINGLE_POSTS / timed(() -> {
                    for (AccountRequest account : accounts) {
                        HttpResponse<String> response = app.post("/api/accounts", CRM, "application/json", json(account));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                    }
                    return null;
                });
                settle();
                log.warn("{} enrolment rep {}: import {} /s (raw {} /s), POST {} /s (raw {} /s)", app.database, rep + 1,
                        Figures.number(csv[rep]), Figures.number(rawCsv[rep]), Figures.number(single[rep]),
                        Figures.number(rawSingle[rep]));
            }
            FIGURES.add(new Figures.Row(app.database, "enrolment, CSV import of " + IMPORT_ROWS, "accounts/s", csv, rawCsv,
                    Figures.Goal.RATIO_AT_LEAST, 0.5, null));
            FIGURES.add(new Figures.Row(app.database, "enrolment, single POST /api/accounts", "accounts/s", single, rawSingle,
                    Figures.Goal.RATIO_AT_LEAST, 0.3, null));
        }

        /** Row 3: due journey timers executed per second by the job executor, against raw no-op timers. */
        void drain() {
            double[] product = new double[REPETITIONS];
            double[] raw = new double[REPETITIONS];
            long productJobs = 0;
            for (int rep = 0; rep < REPETITIONS; rep++) {
                importCsv(extraAccounts(DRAIN_ACCOUNTS));
                settle();
                // raw: as many no-op timers as the journeys will run, due in 5 minutes
                int rawJobs = Math.max(2_000, (int) (productJobs / Math.max(1, rep)));
                Instant due = now().plus(Duration.ofMinutes(5));
                rawTimers(rawJobs, due);
                long rawBefore = successfulJobs(true);
                moveTo(due.plusSeconds(10));
                double rawSeconds = drainDue();
                raw[rep] = (successfulJobs(true) - rawBefore) / rawSeconds;
                // Touchline: the journeys' timers of the next days
                long before = successfulJobs(false);
                moveTo(now().plus(Duration.ofDays(DRAIN_DAYS)));
                double seconds = drainDue();
                long jobs = successfulJobs(false) - before;
                productJobs += jobs;
                product[rep] = jobs / seconds;
                log.warn("{} drain rep {}: {} journey jobs in {} s = {} /s; raw {} jobs = {} /s", app.database, rep + 1,
                        jobs, Figures.number(seconds), Figures.number(product[rep]), rawJobs, Figures.number(raw[rep]));
                assertThat(failedJobs()).as("journey jobs that failed").isZero();
            }
            FIGURES.add(new Figures.Row(app.database, "journey timer drain", "jobs/s", product, raw,
                    Figures.Goal.RATIO_AT_LEAST, 0.8, null));
        }

        /** Row 4: the outbox's delivery against a bare JavaMail loop of the same messages, 50 per connection. */
        void outbox() {
            double[] product = new double[REPETITIONS];
            double[] bare = new double[REPETITIONS];
            OutboxDispatcher dispatcher = app.bean(OutboxDispatcher.class);
            for (int rep = 0; rep < REPETITIONS; rep++) {
                // a still clock: nothing held becomes due while the two sides send the same messages
                ClockUtil.setCurrentTime(Date.from(nextMonday10Utc(now())));
                drainDue(); // the journeys' timers that the jump made due write their emails first (the planner
                // waits for a running clock: it plans a change once it is a moment old)
                while (dispatcher.dispatchDue() > 0) {
                    // what the drain left
                }
                purgeMail();
                importCsv(techTouchInUtc(OUTBOX_EMAILS));
                drainDue();
                List<Map<String, Object>> due = jdbc.queryForList("select * from outbox_message where sent_at is null "
                        + "and failed_at is null and next_attempt_at <= ?", new java.sql.Timestamp(now().toEpochMilli()));
                bare[rep] = due.size() / timed(() -> bareLoop(due));
                purgeMail();
                int[] delivered = new int[1];
                product[rep] = due.size() / timed(() -> delivered[0] = dispatcher.dispatchDue());
                assertThat(delivered[0]).isEqualTo(due.size());
                log.warn("{} outbox rep {}: {} emails, Touchline {} /s, bare JavaMail {} /s", app.database, rep + 1, due.size(),
                        Figures.number(product[rep]), Figures.number(bare[rep]));
                purgeMail();
                moveTo(now()); // the clock runs again
            }
            FIGURES.add(new Figures.Row(app.database, "outbox delivery, 50 per connection", "emails/s", product, bare,
                    Figures.Goal.RATIO_AT_LEAST, 0.8, "raw = a bare JavaMail loop"));
        }

        /** Rows 5 to 8 on the book of {@link #BOOK} accounts: calendar, capacity, heap, then Tasklist at {@link #OPEN_TASKS} open tasks. */
        void realBook() {
            long heapBefore = heapAfterGc();
            int accountsBefore = accounts();
            long began = System.nanoTime();
            int part = 25_000; // a file as a CRM export would have it
            for (int from = 1; from <= BOOK; from += part) {
                int count = Math.min(part, BOOK - from + 1);
                importCsv(book.accounts(from, count, today()));
                log.warn("{} book: {} of {} accounts enrolled ({} /s)", app.database, from + count - 1, BOOK,
                        Figures.number((from + count - 1) / ((System.nanoTime() - began) / 1e9)));
            }
            settle();
            double seconds = (System.nanoTime() - began) / 1e9;
            int openTasks = openTasks();
            log.warn("{} book of {} accounts built in {} s; {} open tasks", app.database, BOOK, Figures.number(seconds), openTasks);
            long heapAfter = heapAfterGc();
            int live = accounts() - accountsBefore;

            latencyRows("/api/calendar?weeks=12", "calendar, /api/calendar?weeks=12 as a CS manager", BOOK + " accounts");
            latencyRows("/api/capacity?weeks=12", "capacity, /api/capacity?weeks=12 as a CS manager", BOOK + " accounts");
            latencyRows("/accounts?renewing=true&sort=health", "accounts page, renewing soon by health, as a CS manager",
                    BOOK + " accounts");
            String name = jdbc.queryForObject("select name from account where status = 'ACTIVE' order by external_id desc "
                    + "fetch first 1 rows only", String.class);
            latencyRows("/accounts?q=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8),
                    "accounts page, a name searched, as a CS manager", BOOK + " accounts");
            String atRisk = jdbc.queryForObject("select external_id from account where status = 'ACTIVE' and at_risk = true "
                    + "order by external_id fetch first 1 rows only", String.class);
            latencyRows("/accounts/" + atRisk, "an at-risk account's page, as a CS manager", BOOK + " accounts");

            // heap after a full GC per live account, Touchline's book against as many raw journeys waiting at a timer
            long rawBefore = heapAfterGc();
            rawTimers(live, now().plus(Duration.ofDays(3650)));
            long rawAfter = heapAfterGc();
            double perAccount = (heapAfter - heapBefore) / (double) live;
            double perRaw = (rawAfter - rawBefore) / (double) live;
            FIGURES.add(new Figures.Row(app.database, "heap after full GC per live account", "bytes",
                    new double[] {perAccount}, new double[] {perRaw}, Figures.Goal.AT_MOST, 512.0 * 1024 * 1024 / 100_000,
                    String.format(Locale.ROOT, "%,d accounts: heap %,d MB after GC", live, heapAfter / (1024 * 1024))));

            // Tasklist: the book's open tasks, topped up with accounts in the renewal window and at risk
            int added = 0;
            while (openTasks() < OPEN_TASKS) {
                int missing = OPEN_TASKS - openTasks();
                int count = Math.min(5_000, Math.max(100, missing / 2));
                importCsv(backlog(count));
                added += count;
                settle();
            }
            String pod = busiestPod();
            String csm = pod + "-csm-1";
            String note = openTasks() + " open tasks (" + openTasks + " of the book, " + added
                    + " accounts more in the renewal window and at risk); " + pod + ": " + tasksOf(pod);
            latencyRow("/engine-rest/task?candidateGroup=" + pod + "&maxResults=15", csm,
                    "Tasklist, a pod CSM's task query", note, 100);
            latencyRow("/engine-rest/task/count?candidateGroup=" + pod, csm, "Tasklist, its count", note, 100);
        }

        private void latencyRows(String path, String what, String note) {
            latencyRow(path, MANAGER, what, note, 1_000);
        }

        /** p95 of {@link #LATENCY_SAMPLES} requests after a warm-up, in ms, each repetition. */
        private void latencyRow(String path, String user, String what, String note, double targetMs) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = app.get(path, user);
                assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            }
            double[] p95 = new double[REPETITIONS];
            long bytes = 0;
            for (int rep = 0; rep < REPETITIONS; rep++) {
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < LATENCY_SAMPLES; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = app.get(path, user);
                    ms.add((System.nanoTime() - start) / 1e6);
                    assertThat(response.statusCode()).isEqualTo(200);
                    bytes = response.body().length();
                }
                p95[rep] = Figures.percentile(ms, 95);
            }
            FIGURES.add(new Figures.Row(app.database, what + " p95", "ms", p95, null, Figures.Goal.AT_MOST, targetMs,
                    note + String.format(Locale.ROOT, "; %,d bytes", bytes)));
        }

        // --- the raw engine

        /** Raw process starts per second, each in its own transaction, due far ahead, on {@code threads} threads. */
        double rawStarts(int n, int threads) {
            Instant due = now().plus(Duration.ofDays(365));
            return n / timed(() -> {
                List<Thread> started = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int share = n / threads + (t < n % threads ? 1 : 0);
                    Thread thread = new Thread(() -> rawTimers(share, due));
                    thread.start();
                    started.add(thread);
                }
                started.forEach(thread -> {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return null;
            });
        }

        void rawTimers(int n, Instant due) {
            var runtime = engine.getRuntimeService();
            for (int i = 0; i < n; i++) {
                runtime.createProcessInstanceByKey("raw-baseline").businessKey("RAW-" + rawCount.incrementAndGet())
                        .setVariables(Variables.createVariables().putValue("due", Date.from(due))
                                .putValue("renewalDate", Date.from(due.plus(Duration.ofDays(300))))
                                .putValue("daysAsCustomer", 120).putValue("healthScore", 80).putValue("atRisk", false))
                        .execute();
            }
        }

        // --- the product

        /** Imports through the API and waits until the import is done (201 at once, or 202 and a job to follow). */
        Void importCsv(List<AccountRequest> accounts) {
            return importCsv(BookBuilder.csv(accounts));
        }

        Void importCsv(String csv) {
            HttpResponse<String> response = app.post("/api/accounts/import", CRM, "text/csv", csv);
            if (response.statusCode() == 201) {
                return null;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String location = response.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode job = read(app.get(location, CRM).body());
                String state = job.path("state").asText();
                if ("done".equals(state)) {
                    return null;
                }
                assertThat(state).as(job.toString()).isIn("queued", "checking", "enrolling");
                sleep(50);
            }
            throw new IllegalStateException("import not done within an hour: " + location);
        }

        List<AccountRequest> extraAccounts(int n) {
            List<AccountRequest> accounts = extra.accounts(nextExtra, n, today());
            nextExtra += n;
            return accounts;
        }

        /** Tech-touch accounts in UTC: each writes its welcome email, due now (a weekday morning in UTC). */
        String techTouchInUtc(int n) {
            List<AccountRequest> accounts = new ArrayList<>();
            for (AccountRequest a : extraAccounts(n)) {
                accounts.add(new AccountRequest(a.externalId(), a.name(), java.math.BigDecimal.valueOf(1_200), false, false,
                        LocalDate.ofInstant(now(), ZoneOffset.UTC).plusDays(200), LocalDate.ofInstant(now(), ZoneOffset.UTC),
                        "UTC", null, null, a.contacts(), 80));
            }
            return BookBuilder.csv(accounts);
        }

        /** Medium- and high-touch accounts in the renewal window (a task each) and at risk (an intervention each). */
        List<AccountRequest> backlog(int n) {
            List<AccountRequest> accounts = new ArrayList<>();
            LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
            for (AccountRequest a : extraAccounts(n)) {
                boolean high = a.csm() != null;
                String pod = high ? null : extra.team().pods().get(Math.abs(a.externalId().hashCode()) % extra.team().pods().size());
                accounts.add(new AccountRequest(a.externalId(), a.name(),
                        java.math.BigDecimal.valueOf(high ? 150_000 : 50_000), false, false,
                        today.plusDays(35 + Math.abs(a.externalId().hashCode()) % 20), a.customerSince(), a.timeZone(),
                        a.csm(), pod, a.contacts(), 30));
            }
            return accounts;
        }

        /**
         * Waits until no job is due (the job executor caught up with what the last step made due)
         * and every plan is made (the planner caught up), so the next measurement starts on a quiet
         * machine; how long the planner needed is logged.
         */
        void settle() {
            drainDue();
            long start = System.nanoTime();
            while (staleAccounts() > 0 && System.nanoTime() - start < Duration.ofMinutes(30).toNanos()) {
                sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (seconds > 1) {
                log.warn("{}: the planner caught up {} s after the job executor", app.database, Figures.number(seconds));
            }
        }

        long staleAccounts() {
            Long n = jdbc.queryForObject("select count(*) from account_plan where stale = true", Long.class);
            return n == null ? 0 : n;
        }

        /** Wakes the job executor and waits until no job is due; seconds it took. */
        double drainDue() {
            ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
            long start = System.nanoTime();
            configuration.getJobExecutor().jobWasAdded();
            long deadline = start + Duration.ofHours(2).toNanos();
            while (dueJobs() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("jobs still due after 2 hours");
                }
                sleep(50);
            }
            return (System.nanoTime() - start) / 1e9;
        }

        long dueJobs() {
            Long n = jdbc.queryForObject("select count(*) from ACT_RU_JOB where DUEDATE_ <= ? and RETRIES_ > 0",
                    Long.class, new java.sql.Timestamp(now().toEpochMilli()));
            return n == null ? 0 : n;
        }

        long failedJobs() {
            Long n = jdbc.queryForObject("select count(*) from ACT_RU_JOB where EXCEPTION_MSG_ is not null", Long.class);
            return n == null ? 0 : n;
        }

        long successfulJobs(boolean raw) {
            Long n = jdbc.queryForObject("select count(*) from ACT_HI_JOB_LOG where JOB_STATE_ = 2 and PROCESS_DEF_KEY_ "
                    + (raw ? "=" : "<>") + " 'raw-baseline'", Long.class);
            return n == null ? 0 : n;
        }

        int accounts() {
            Integer n = jdbc.queryForObject("select count(*) from account where status = 'ACTIVE'", Integer.class);
            return n == null ? 0 : n;
        }

        int openTasks() {
            Integer n = jdbc.queryForObject("select count(*) from ACT_RU_TASK", Integer.class);
            return n == null ? 0 : n;
        }

        String busiestPod() {
            return jdbc.queryForObject("select l.GROUP_ID_ from ACT_RU_IDENTITYLINK l where l.TYPE_ = 'candidate' "
                    + "and l.GROUP_ID_ like 'pod-%' group by l.GROUP_ID_ order by count(*) desc fetch first 1 rows only", String.class);
        }

        int tasksOf(String group) {
            Integer n = jdbc.queryForObject("select count(*) from ACT_RU_IDENTITYLINK where TYPE_ = 'candidate' and GROUP_ID_ = ?",
                    Integer.class, group);
            return n == null ? 0 : n;
        }

        /** The same messages as the outbox holds, sent by plain JavaMail, 50 per SMTP connection. */
        Void bareLoop(List<Map<String, Object>> rows) {
            Properties properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
            Session session = Session.getInstance(properties);
            try {
                for (int from = 0; from < rows.size(); from += 50) {
                    try (Transport transport = session.getTransport("smtp")) {
                        transport.connect();
                        for (Map<String, Object> row : rows.subList(from, Math.min(rows.size(), from + 50))) {
                            MimeMessage mail = new MimeMessage(session);
                            mail.setFrom(new InternetAddress((String) row.get("FROM_ADDRESS"), (String) row.get("FROM_NAME"), "UTF-8"));
                            mail.setRecipient(Message.RecipientType.TO, new InternetAddress((String) row.get("RECIPIENT"),
                                    (String) row.get("RECIPIENT_NAME"), "UTF-8"));
                            mail.setSubject((String) row.get("SUBJECT"), "UTF-8");
                            MimeBodyPart text = new MimeBodyPart();
                            text.setText((String) row.get("TEXT_BODY"), "UTF-8");
                            MimeBodyPart html = new MimeBodyPart();
                            html.setText((String) row.get("HTML_BODY"), "UTF-8", "html");
                            mail.setContent(new MimeMultipart("alternative", text, html));
                            mail.saveChanges();
                            transport.sendMessage(mail, mail.getAllRecipients());
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        }
    }

    // --- clock, time, heap

    static void purgeMail() {
        try {
            smtp.purgeEmailFromAllMailboxes();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalDate today() {
        return LocalDate.ofInstant(now(), ZoneOffset.UTC);
    }

    static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    /** Moves the engine clock (it keeps running from there). */
    static void moveTo(Instant instant) {
        ClockUtil.offset(instant.toEpochMilli() - System.currentTimeMillis());
    }

    static Instant nextMonday10Utc(Instant after) {
        LocalDate day = LocalDate.ofInstant(after, ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        return day.atTime(10, 0).toInstant(ZoneOffset.UTC);
    }

    static double timed(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1e9;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
