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
        // jobs made before ensureJobDueDateNotNull was set have none: due now, as the job executor took them
        jdbc.update("update ACT_RU_JOB set DUEDATE_ = ? where DUEDATE_ is null",
                java.sql.Timestamp.from(io.touchline.EngineClock.now()));
        log.debug("Engine indexes in place: {}", INDEXES.size());
    }

}
