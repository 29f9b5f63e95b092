package io.touchline.engine;

import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Indexes on the engine's tables for what the engine asks all the time with a large book, created
 * when the application starts (if missing) once the engine has made its tables: every journey
 * waits at a timer, so the job executor finds the due ones through an index on the due date (with
 * jobExecutorAcquireByDueDate and ensureJobDueDateNotNull, application.yaml), not by reading every
 * timer of the book each round; and every step reads its variables through an index that leaves H2
 * no worse choice (H2 plans a statement once, often while the tables are still small).
 */
@Component
class EngineIndexes implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(EngineIndexes.class);

    static final List<String> INDEXES = List.of(
            // the job executor asks for the due jobs, earliest first (jobExecutorAcquireByDueDate)
            "create index if not exists ix_tl_job_due on ACT_RU_JOB (DUEDATE_)",
            // every step reads its execution's variables by name ("execution, not a task's, named ..."): an
            // index on all three, so H2 never takes the name index and reads that variable of every journey
            "create index if not exists ix_tl_var_execution on ACT_RU_VARIABLE (EXECUTION_ID_, TASK_ID_, NAME_)");

    /**
     * PostgreSQL only: what the planner needs to know about Tasklist's authorization check. Camunda
     * joins a task to the user's grants with {@code PERMS_ & 2 = 2} (READ on a task) or {@code & 64}
     * (READ_TASK on a process definition); without statistics on those expressions PostgreSQL
     * guesses a handful of grants where a pod has one per open task, and compares every task with
     * every grant (4.7 s for a count at 100,000 open tasks instead of about 0.1 s).
     */
    static final List<String> POSTGRES_STATISTICS = List.of(
            "create statistics if not exists tl_auth_read on (PERMS_ & 2) from ACT_RU_AUTHORIZATION",
            "create statistics if not exists tl_auth_read_task on (PERMS_ & 64) from ACT_RU_AUTHORIZATION",
            "analyze ACT_RU_AUTHORIZATION");

    private final JdbcTemplate jdbc;

    /** The engine first: it creates its tables. */
    EngineIndexes(JdbcTemplate jdbc, ProcessEngine engine) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        for (String index : INDEXES) {
            jdbc.execute(index);
        }
        if (postgres()) {
            for (String statement : POSTGRES_STATISTICS) {
                try {
                    jdbc.execute(statement);
                } catch (org.springframework.dao.DataAccessException e) {
                    // statistics on expressions came with PostgreSQL 14
                    log.warn("Tasklist's task counts may be slow with many open tasks: {} failed ({})", statement,
                            e.getMostSpecificCause().getMessage());
                    break;
                }
            }
        }
        // jobs made before ensureJobDueDateNotNull was set have none: due now, as the job executor took them
        jdbc.update("update ACT_RU_JOB set DUEDATE_ = ? where DUEDATE_ is null",
                java.sql.Timestamp.from(io.touchline.EngineClock.now()));
        log.debug("Engine indexes in place: {}", INDEXES.size());
    }

    private boolean postgres() {
        return Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) ->
                c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
    }

}
