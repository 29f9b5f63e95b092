package io.touchline.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads of the engine's own tables where the engine's query API falls short: for many accounts at
 * once (the process instances of a list of business keys, the candidate groups of a list of
 * tasks), and an account's journeys by business key, which the engine's query asks as "business
 * key and no parent": H2 walks every process instance of the book for that through the parent
 * index; "business key, and the instance is its own process instance" takes the business key
 * index on H2 and PostgreSQL alike. The only place Touchline reads the engine's tables by SQL:
 * Camunda 7 and Operaton share these tables and columns.
 */
@Component
public class EngineTables {

    /** A process instance: its id, its process's id and key, its business key. */
    public record ProcessInstanceRow(String id, String processDefinitionId, String processDefinitionKey, String businessKey) {
    }

    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;

    EngineTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final String SELECT_INSTANCES = "select E.ID_, E.PROC_DEF_ID_, D.KEY_, E.BUSINESS_KEY_ "
            + "from ACT_RU_EXECUTION E join ACT_RE_PROCDEF D on D.ID_ = E.PROC_DEF_ID_ where E.ID_ = E.PROC_INST_ID_ ";

    /** The active (not suspended) process instances whose business key is one of these. */
    public List<ProcessInstanceRow> activeProcessInstances(Collection<String> businessKeys) {
        List<ProcessInstanceRow> rows = new ArrayList<>();
        for (List<String> chunk : chunks(businessKeys)) {
            rows.addAll(jdbc.query(SELECT_INSTANCES + "and E.SUSPENSION_STATE_ = 1 and E.BUSINESS_KEY_ in ("
                    + marks(chunk.size()) + ") order by E.ID_", this::row, chunk.toArray()));
        }
        return rows;
    }

    /**
     * The process instances of an account (its business key) of these processes, oldest first;
     * only the active ones (not suspended in Cockpit) if asked.
     */
    public List<ProcessInstanceRow> processInstances(String businessKey, Collection<String> processKeys, boolean activeOnly) {
        List<Object> args = new ArrayList<>();
        args.add(businessKey);
        args.addAll(processKeys);
        return jdbc.query(SELECT_INSTANCES + "and E.BUSINESS_KEY_ = ?" + (activeOnly ? " and E.SUSPENSION_STATE_ = 1" : "")
                + " and D.KEY_ in (" + marks(processKeys.size()) + ") order by E.ID_", this::row, args.toArray());
    }

    /** How many process instances run on one version of a process, and for how many accounts (business keys). */
    public record RunningOnVersion(long instances, long accounts) {
    }

    /** The running process instances (suspended ones too) per process definition id, in one grouped query. */
    public java.util.Map<String, RunningOnVersion> runningPerDefinition() {
        java.util.Map<String, RunningOnVersion> running = new java.util.HashMap<>();
        jdbc.query("select PROC_DEF_ID_, count(*), count(distinct BUSINESS_KEY_) from ACT_RU_EXECUTION "
                + "where ID_ = PROC_INST_ID_ group by PROC_DEF_ID_",
                (java.sql.ResultSet rs) -> {
                    running.put(rs.getString(1), new RunningOnVersion(rs.getLong(2), rs.getLong(3)));
                });
        return running;
    }

    private ProcessInstanceRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ProcessInstanceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    /** An open task, as the calendar needs it. */
    public record OpenTask(String id, String processInstanceId, String taskDefinitionKey, String name, String assignee,
            java.time.Instant dueDate) {
    }

    /** The open tasks of these process instances. */
    public List<OpenTask> openTasks(Collection<String> processInstanceIds) {
        List<OpenTask> tasks = new ArrayList<>();
        for (List<String> chunk : chunks(processInstanceIds)) {
            tasks.addAll(jdbc.query("select ID_, PROC_INST_ID_, TASK_DEF_KEY_, NAME_, ASSIGNEE_, DUE_DATE_ from ACT_RU_TASK "
                    + "where PROC_INST_ID_ in (" + marks(chunk.size()) + ") order by CREATE_TIME_, ID_", (rs, n) -> new OpenTask(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()), chunk.toArray()));
        }
        return tasks;
    }

    /** Whether timers or other jobs are due and waiting for the job executor (a burst at 09:00, say). */
    public boolean jobsWaiting(java.time.Instant now) {
        return !jdbc.queryForList("select ID_ from ACT_RU_JOB where DUEDATE_ <= ? and RETRIES_ > 0 and LOCK_OWNER_ is null "
                + "fetch first 1 rows only", String.class, java.sql.Timestamp.from(now)).isEmpty();
    }

    /** The first candidate group of each of these tasks that has one. */
    public Map<String, String> candidateGroups(Collection<String> taskIds) {
        Map<String, String> groups = new HashMap<>();
        for (List<String> chunk : chunks(taskIds)) {
            jdbc.query("select TASK_ID_, GROUP_ID_ from ACT_RU_IDENTITYLINK where TYPE_ = 'candidate' and GROUP_ID_ is not null "
                    + "and TASK_ID_ in (" + marks(chunk.size()) + ") order by GROUP_ID_", rs -> {
                        groups.putIfAbsent(rs.getString(1), rs.getString(2));
                    }, chunk.toArray());
        }
        return groups;
    }

    private static List<List<String>> chunks(Collection<String> values) {
        List<String> all = new ArrayList<>(values);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
