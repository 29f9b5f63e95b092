package io.touchline.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.touchline.ops.Retention;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.support.Scenario;

/**
 * What an account costs in the database as its journey loops year after year: Camunda's history of a
 * running journey keeps only the last history time to live of it (P180D, in the diagrams) once the
 * history cleanup has run, and the bodies of emails go after 90 days while the messages stay. The
 * rows written and kept are logged per table (the README's figures come from the PostgreSQL run).
 */
abstract class HistoryRetention extends ProcessTestBase {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);
    private static final List<String> HISTORY = List.of("ACT_HI_ACTINST", "ACT_HI_TASKINST", "ACT_HI_VARINST",
            "ACT_HI_DETAIL", "ACT_HI_DECINST", "ACT_HI_DEC_IN", "ACT_HI_DEC_OUT", "ACT_HI_JOB_LOG", "ACT_HI_OP_LOG",
            "ACT_HI_IDENTITYLINK", "ACT_HI_INCIDENT", "ACT_HI_PROCINST", "ACT_GE_BYTEARRAY");

    @Autowired
    TaskService tasks;
    @Autowired
    HistoryService history;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Retention retention;
    @Autowired
    io.touchline.account.AccountRepository accounts;

    @Test
    void aJourneyThatLoopsForYearsKeepsOnlyItsLastHistoryTimeToLiveOfHistory() {
        // earlier tests on this database moved the engine clock back and forth: the retention starts afresh
        jdbc.update("delete from retention_mark");
        String id = Journeys.newExternalId("HIST");
        journeys.enrol(id, 180_000, false, false, daysFromNow(300), Journeys.today(), "dana", null);
        Scenario s = new Scenario(journeys, tasks, MAIL, id, id.toLowerCase() + "@customer.example");
        // renewed each term for another year
        var work = (java.util.function.Function<org.camunda.bpm.engine.task.Task, Map<String, Object>>) task ->
                task.getTaskDefinitionKey().equals("Task_ConfirmRenewalOutcome")
                        ? Map.of("renewalOutcome", "renewed", "nextRenewalDate",
                                accounts.findByExternalId(id).orElseThrow().renewalDate().plusYears(1).toString(), "notes", "Signed")
                        : Scenario.held(task);

        s.live(365, work);
        Map<String, long[]> year = rowsAndBytes(id);
        log.info("{}: one account-year of a high-touch journey, before any cleanup: {}", database(), describe(year));
        long emailBodies = bodyBytes(id);

        cleanUp();
        assertThat(olderThan(id, 180)).as("history rows of the running journey older than its TTL").isZero();
        assertThat(count(id, "ACT_HI_ACTINST")).as("the last 180 days of steps are kept").isPositive();
        assertThat(count(id, "ACT_HI_PROCINST")).as("the journey itself stays listed").isPositive();
        Retention.Removed removed = retention.run();
        assertThat(removed.emailBodies()).as("emails sent more than 90 days ago lose their bodies").isPositive();
        assertThat(jdbc.queryForObject("""
                select count(*) from outbox_message m join account a on a.id = m.account_id
                where a.external_id = ? and m.sent_at < ? and m.text_body <> ''""", Long.class, id,
                Timestamp.from(Journeys.now().minus(Duration.ofDays(90))))).isZero();
        assertThat(jdbc.queryForObject("""
                select count(*) from outbox_message m join account a on a.id = m.account_id
                where a.external_id = ? and m.sent_at >= ? and m.text_body = ''""", Long.class, id,
                Timestamp.from(Journeys.now().minus(Duration.ofDays(89))))).as("recent emails keep theirs").isZero();
        Map<String, long[]> kept = rowsAndBytes(id);
        log.info("{}: kept after the cleanup at one year: {}; email bodies {} KB -> {} KB", database(), describe(kept),
                emailBodies / 1024, bodyBytes(id) / 1024);

        // a second year: the journey goes on where history was removed under it (a step that began
        // before the cleanup ends after it), and what is kept stays bounded
        s.live(365, work);
        cleanUp();
        retention.run();
        assertThat(olderThan(id, 180)).isZero();
        assertThat(engine.getRuntimeService().createIncidentQuery().count()).as("no step failed").isZero();
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(id).active().count())
                .as("the journey still runs").isPositive();
        Map<String, long[]> twoYears = rowsAndBytes(id);
        log.info("{}: kept after the cleanup at two years: {}", database(), describe(twoYears));
        assertThat(total(twoYears)[0]).as("history kept after two years, against after one")
                .isLessThan(total(kept)[0] * 3 / 2);
    }

    /** Runs Camunda's history cleanup now, as its nightly window would, until it has nothing left to do. */
    private void cleanUp() {
        Job job = history.cleanUpHistoryAsync(true);
        try {
            for (int round = 0; round < 100 && job != null && !job.getDuedate().after(java.util.Date.from(Journeys.now())); round++) {
                management.executeJob(job.getId());
                job = management.createJobQuery().jobId(job.getId()).singleResult();
            }
        } finally {
            // the other tests of this context (and database) run without a cleanup job among their due jobs
            history.findHistoryCleanupJobs().forEach(left -> management.deleteJob(left.getId()));
        }
        assertThat(history.findHistoryCleanupJobs()).isEmpty();
    }

    private List<String> roots(String id) {
        return jdbc.queryForList("select ID_ from ACT_HI_PROCINST where BUSINESS_KEY_ = ? and SUPER_PROCESS_INSTANCE_ID_ is null",
                String.class, id);
    }

    private long olderThan(String id, int days) {
        Timestamp before = Timestamp.from(Journeys.now().minus(Duration.ofDays(days + 1)));
        long rows = 0;
        for (String root : roots(id)) {
            rows += jdbc.queryForObject("select count(*) from ACT_HI_ACTINST where ROOT_PROC_INST_ID_ = ? and START_TIME_ < ?",
                    Long.class, root, before);
            rows += jdbc.queryForObject("select count(*) from ACT_HI_DETAIL where ROOT_PROC_INST_ID_ = ? and TIME_ < ?",
                    Long.class, root, before);
            rows += jdbc.queryForObject("select count(*) from ACT_HI_JOB_LOG where ROOT_PROC_INST_ID_ = ? and TIMESTAMP_ < ?",
                    Long.class, root, before);
            rows += jdbc.queryForObject("select count(*) from ACT_HI_DECINST where ROOT_PROC_INST_ID_ = ? and EVAL_TIME_ < ?",
                    Long.class, root, before);
            rows += jdbc.queryForObject("select count(*) from ACT_HI_TASKINST where ROOT_PROC_INST_ID_ = ? and START_TIME_ < ?",
                    Long.class, root, before);
        }
        return rows;
    }

    private long count(String id, String table) {
        return rowsAndBytes(id).get(table)[0];
    }

    /** Per table: rows of the account (its journeys' history, its own rows) and, on PostgreSQL, their bytes. */
    private Map<String, long[]> rowsAndBytes(String id) {
        boolean postgres = "PostgreSQL".equals(database());
        Map<String, long[]> tables = new LinkedHashMap<>();
        List<String> roots = roots(id);
        for (String table : HISTORY) {
            long[] sum = new long[2];
            for (String root : roots) {
                String bytes = postgres ? "coalesce(sum(pg_column_size(t.*)), 0)" : "0";
                jdbc.query("select count(*), " + bytes + " from " + table + " t where ROOT_PROC_INST_ID_ = ?", rs -> {
                    sum[0] += rs.getLong(1);
                    sum[1] += rs.getLong(2);
                }, root);
            }
            tables.put(table, sum);
        }
        for (String table : List.of("touchpoint", "outbox_message", "account_event", "in_app_message", "planned_touch")) {
            long[] sum = new long[2];
            String bytes = postgres ? "coalesce(sum(pg_column_size(t.*)), 0)" : "0";
            jdbc.query("select count(*), " + bytes + " from " + table + " t join account a on a.id = t.account_id "
                    + "where a.external_id = ?", rs -> {
                sum[0] = rs.getLong(1);
                sum[1] = rs.getLong(2);
            }, id);
            tables.put(table, sum);
        }
        return tables;
    }

    private long bodyBytes(String id) {
        Long bytes = jdbc.queryForObject("""
                select coalesce(sum(length(m.text_body) + length(m.html_body)), 0) from outbox_message m
                join account a on a.id = m.account_id where a.external_id = ?""", Long.class, id);
        return bytes == null ? 0 : bytes;
    }

    private static long[] total(Map<String, long[]> tables) {
        long[] sum = new long[2];
        tables.forEach((table, v) -> {
            if (table.startsWith("ACT_")) {
                sum[0] += v[0];
                sum[1] += v[1];
            }
        });
        return sum;
    }

    private static String describe(Map<String, long[]> tables) {
        StringBuilder text = new StringBuilder();
        long[] history = total(tables);
        text.append("Camunda history ").append(history[0]).append(" rows");
        if (history[1] > 0) {
            text.append(" (").append(history[1] / 1024).append(" KB)");
        }
        tables.forEach((table, v) -> text.append(", ").append(table).append(' ').append(v[0])
                .append(v[1] > 0 ? " (" + v[1] / 1024 + " KB)" : ""));
        return text.toString();
    }

    private String database() {
        return jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
    }
}
