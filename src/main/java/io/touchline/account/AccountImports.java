package io.touchline.account;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.touchline.EngineClock;
import io.touchline.web.ConflictException;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;

/**
 * Imports of account files, as jobs whose progress anyone who maintains the book can follow. The
 * file's format is read when it arrives (a value in the wrong format is answered at once); then a
 * worker checks every row as a single enrolment would (owners, time zones, duplicates in the file
 * and in the book) and refuses the whole file if any row is wrong, with every problem and its row;
 * else the rows are enrolled in parts of {@value #PART_ROWS}, each part in one transaction with its
 * record, by the workers of every node ({@link AccountImportWorkers}). A node that dies mid-part
 * leaves that part unenrolled; its claim runs out and another worker enrols it: every row is
 * enrolled once. A row the check let through but that can no longer be enrolled (the same account
 * enrolled meanwhile by another way) is reported with its row and the others are enrolled.
 */
@Service
public class AccountImports {

    private static final Logger log = LoggerFactory.getLogger(AccountImports.class);

    /** What a client sees of an import. */
    public record Status(long id, String state, int rows, int checked, int enrolled, int failed, String message,
            List<FieldProblem> problems, String createdBy, Instant createdAt, Instant finishedAt) {

        public boolean finished() {
            return DONE.equals(state) || REJECTED.equals(state) || FAILED.equals(state);
        }
    }

    public static final String QUEUED = "queued";
    public static final String CHECKING = "checking";
    public static final String ENROLLING = "enrolling";
    public static final String DONE = "done";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";

    static final int PART_ROWS = 50;
    static final int CHECK_STEP = 1_000;
    static final int MAX_PROBLEMS_KEPT = 1_000;
    static final int MAX_PART_ATTEMPTS = 5;
    // claims are leases between nodes: in real time, whatever the engine clock says
    private static final Duration CHECK_CLAIM = Duration.ofMinutes(2);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private final Duration partClaim;

    private final JdbcTemplate jdbc;
    private final AccountService accounts;
    private final TransactionTemplate tx;
    private final String node = nodeName();
    /** Files read on this node, so the parts of an import are not read from the database again. */
    private final Map<Long, List<AccountRequest>> read = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<AccountRequest>> eldest) {
            return size() > 3;
        }
    };
    private volatile Runnable onSubmitted = () -> { };

    AccountImports(JdbcTemplate jdbc, AccountService accounts, PlatformTransactionManager transactions,
            @org.springframework.beans.factory.annotation.Value("${touchline.import.part-claim:PT1M}") Duration partClaim) {
        this.partClaim = partClaim;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Who is told when a file arrives (the workers of this node). */
    void onSubmitted(Runnable wakeUp) {
        this.onSubmitted = wakeUp;
    }

    /**
     * Takes a file: 400 now if a value has the wrong format or a column is missing, else the import,
     * queued for the workers.
     */
    public Status submit(String csv, Viewer viewer) {
        accounts.requireMaintainer(viewer);
        List<AccountRequest> rows = AccountCsv.read(csv);
        Instant now = EngineClock.now();
        Long id = tx.execute(status -> {
            var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("""
                        insert into account_import (state, content, total_rows, checked_rows, enrolled_rows, failed_rows,
                            created_by, created_at, updated_at) values (?, ?, ?, 0, 0, 0, ?, ?, ?)""", new String[] {"id"});
                statement.setString(1, QUEUED);
                statement.setString(2, csv);
                statement.setInt(3, rows.size());
                statement.setString(4, viewer.userId());
                statement.setTimestamp(5, Timestamp.from(now));
                statement.setTimestamp(6, Timestamp.from(now));
                return statement;
            }, keys);
            long created = keys.getKey().longValue();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    onSubmitted.run();
                }
            });
            return created;
        });
        synchronized (read) {
            read.put(id, rows);
        }
        return status(id);
    }

    /** An import, for those who maintain the book (CS Ops, connected systems). */
    public Status status(long id, Viewer viewer) {
        accounts.requireMaintainer(viewer);
        return status(id);
    }

    /** The latest imports, newest first. */
    public List<Status> recent(Viewer viewer, int limit) {
        accounts.requireMaintainer(viewer);
        return jdbc.queryForList("select id from account_import order by id desc fetch first ? rows only", Long.class, limit)
                .stream().map(this::status).toList();
    }

    Status status(long id) {
        Status status = jdbc.query("""
                select id, state, total_rows, checked_rows, enrolled_rows, failed_rows, message, created_by, created_at,
                    finished_at from account_import where id = ?""", (rs, n) -> new Status(rs.getLong("id"),
                rs.getString("state"), rs.getInt("total_rows"), rs.getInt("checked_rows"), rs.getInt("enrolled_rows"),
                rs.getInt("failed_rows"), rs.getString("message"), List.of(), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant()), id)
                .stream().findFirst().orElseThrow(() -> new NotFoundException("No import " + id));
        List<FieldProblem> problems = jdbc.query("""
                select row_no, field, message from account_import_problem where import_id = ? order by seq
                fetch first 100 rows only""", (rs, n) -> new FieldProblem(
                (Integer) rs.getObject("row_no"), rs.getString("field"), rs.getString("message")), id);
        return new Status(status.id(), status.state(), status.rows(), status.checked(), status.enrolled(), status.failed(),
                status.message(), problems, status.createdBy(), status.createdAt(), status.finishedAt());
    }

    /**
     * One piece of work, if there is any: checking a file, or enrolling one part of it. Returns
     * whether there was work. Called by the workers of every node.
     */
    public boolean workOnce() {
        Optional<Long> toCheck = claimCheck();
        if (toCheck.isPresent()) {
            check(toCheck.get());
            return true;
        }
        Optional<int[]> part = claimPart();
        if (part.isPresent()) {
            enrol(part.get()[0], part.get()[1], part.get()[2], part.get()[3]);
            return true;
        }
        return false;
    }

    private Optional<Long> claimCheck() {
        Instant now = Instant.now();
        List<Long> candidates = jdbc.queryForList("""
                select id from account_import where state = ? or (state = ? and claimed_until < ?)
                order by id fetch first 1 rows only""", Long.class, QUEUED, CHECKING, Timestamp.from(now));
        for (Long id : candidates) {
            int claimed = jdbc.update("""
                    update account_import set state = ?, claimed_by = ?, claimed_until = ?, updated_at = ?
                    where id = ? and (state = ? or (state = ? and claimed_until < ?))""", CHECKING, node,
                    Timestamp.from(now.plus(CHECK_CLAIM)), Timestamp.from(now), id, QUEUED, CHECKING, Timestamp.from(now));
            if (claimed == 1) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Checks every row; refuses the file with its problems, or cuts it into parts to enrol. */
    private void check(long id) {
        try {
            List<AccountRequest> rows = rows(id);
            List<FieldProblem> problems = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            AccountService.Owners owners = new AccountService.Owners();
            for (int from = 0; from < rows.size() && problems.size() < MAX_PROBLEMS_KEPT; from += CHECK_STEP) {
                int to = Math.min(rows.size(), from + CHECK_STEP);
                problems.addAll(accounts.check(rows.subList(from, to), from + 1, seen, owners));
                if (jdbc.update("update account_import set checked_rows = ?, claimed_until = ?, updated_at = ? "
                        + "where id = ? and claimed_by = ? and state = ?", to, Timestamp.from(Instant.now().plus(CHECK_CLAIM)),
                        Timestamp.from(EngineClock.now()), id, node, CHECKING) == 0) {
                    return; // another node took the check over (this one was too slow)
                }
            }
            if (!problems.isEmpty()) {
                reject(id, problems, rows.size());
            } else {
                cut(id, rows.size());
            }
        } catch (RuntimeException e) {
            log.error("Checking account import {} failed", id, e);
            tx.executeWithoutResult(status -> {
                jdbc.update("update account_import set state = ?, message = ?, finished_at = ?, updated_at = ?, "
                        + "claimed_by = null, claimed_until = null where id = ?", FAILED,
                        truncate("The check failed: " + e.getMessage() + "; nothing was enrolled"),
                        Timestamp.from(EngineClock.now()), Timestamp.from(EngineClock.now()), id);
            });
        }
    }

    private void reject(long id, List<FieldProblem> problems, int total) {
        List<FieldProblem> kept = problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_KEPT));
        tx.executeWithoutResult(status -> {
            addProblems(id, kept);
            Instant now = EngineClock.now();
            long rowsWithProblems = kept.stream().map(FieldProblem::row).distinct().count();
            jdbc.update("update account_import set state = ?, message = ?, finished_at = ?, updated_at = ?, "
                    + "claimed_by = null, claimed_until = null where id = ?", REJECTED,
                    (problems.size() >= MAX_PROBLEMS_KEPT ? "At least " : "") + rowsWithProblems + " of " + total
                            + " rows cannot be enrolled; nothing was enrolled. Correct them and send the file again.",
                    Timestamp.from(now), Timestamp.from(now), id);
        });
    }

    private void cut(long id, int total) {
        tx.executeWithoutResult(status -> {
            List<Object[]> parts = new ArrayList<>();
            for (int first = 1; first <= total; first += PART_ROWS) {
                parts.add(new Object[] {id, first, Math.min(total, first + PART_ROWS - 1), "pending"});
            }
            jdbc.batchUpdate("insert into account_import_part (import_id, first_row, last_row, state, attempts) "
                    + "values (?, ?, ?, ?, 0)", parts);
            jdbc.update("update account_import set state = ?, updated_at = ?, claimed_by = null, claimed_until = null "
                    + "where id = ?", ENROLLING, Timestamp.from(EngineClock.now()), id);
        });
    }

    /** A pending part whose claim is free: {import id, first row, last row, attempts}. */
    private Optional<int[]> claimPart() {
        Instant now = Instant.now();
        List<long[]> candidates = jdbc.query("""
                select import_id, first_row, attempts from account_import_part
                where state = 'pending' and (claimed_until is null or claimed_until < ?)
                order by import_id, first_row fetch first 4 rows only""",
                (rs, n) -> new long[] {rs.getLong(1), rs.getInt(2), rs.getInt(3)}, Timestamp.from(now));
        for (long[] candidate : candidates) {
            int claimed = jdbc.update("""
                    update account_import_part set claimed_by = ?, claimed_until = ?, attempts = attempts + 1
                    where import_id = ? and first_row = ? and state = 'pending' and (claimed_until is null or claimed_until < ?)""",
                    node, Timestamp.from(now.plus(partClaim)), candidate[0], (int) candidate[1], Timestamp.from(now));
            if (claimed == 1) {
                Integer last = jdbc.queryForObject("select last_row from account_import_part where import_id = ? and first_row = ?",
                        Integer.class, candidate[0], (int) candidate[1]);
                return Optional.of(new int[] {(int) candidate[0], (int) candidate[1], last, (int) candidate[2] + 1});
            }
        }
        return Optional.empty();
    }

    /** Enrols rows {@code first} to {@code last} in one transaction with the part's record. */
    private void enrol(long id, int first, int last, int attempt) {
        List<AccountRequest> rows = rows(id).subList(first - 1, last);
        try {
            tx.executeWithoutResult(status -> {
                rows.forEach(accounts::enrolChecked);
                finishPart(id, first, rows.size(), 0);
            });
        } catch (InvalidInputException | ConflictException e) {
            enrolOneByOne(id, first, rows);
        } catch (TakenOver e) {
            log.warn("Rows {}-{} of account import {} were taken over by another node", first, last, id);
            return;
        } catch (RuntimeException e) {
            if (attempt >= MAX_PART_ATTEMPTS) {
                log.error("Giving up on rows {}-{} of account import {} after {} attempts", first, last, id, attempt, e);
                tx.executeWithoutResult(status -> {
                    addProblems(id, List.of(new FieldProblem(first, null, truncate("rows " + first + "-" + last
                            + " could not be enrolled: " + e.getMessage()))));
                    finishPart(id, first, 0, rows.size());
                });
            } else {
                log.warn("Rows {}-{} of account import {} not enrolled ({}); trying again in {} s", first, last, id,
                        e.getMessage(), RETRY_AFTER.toSeconds());
                jdbc.update("update account_import_part set claimed_until = ? where import_id = ? and first_row = ?",
                        Timestamp.from(Instant.now().plus(RETRY_AFTER)), id, first);
            }
        }
        finishImport(id);
    }

    /** A row of the part could not be enrolled as checked: each row alone, the refused ones reported. */
    private void enrolOneByOne(long id, int first, List<AccountRequest> rows) {
        List<FieldProblem> problems = new ArrayList<>();
        int enrolled = 0;
        for (int i = 0; i < rows.size(); i++) {
            AccountRequest row = rows.get(i);
            try {
                tx.executeWithoutResult(status -> accounts.enrolChecked(row));
                enrolled++;
            } catch (InvalidInputException e) {
                int rowNo = first + i;
                e.problems().forEach(p -> problems.add(p.inRow(rowNo)));
            } catch (ConflictException e) {
                problems.add(FieldProblem.of(e.field(), e.getMessage()).inRow(first + i));
            }
        }
        int ok = enrolled;
        tx.executeWithoutResult(status -> {
            addProblems(id, problems);
            finishPart(id, first, ok, rows.size() - ok);
        });
    }

    private void finishPart(long id, int first, int enrolled, int failed) {
        int updated = jdbc.update("update account_import_part set state = ?, claimed_by = null, claimed_until = null "
                + "where import_id = ? and first_row = ? and state = 'pending' and claimed_by = ?",
                failed > 0 && enrolled == 0 ? "failed" : "done", id, first, node);
        if (updated == 0) {
            // this node's claim ran out and another node enrols the part: roll back, it is theirs
            throw new TakenOver();
        }
        jdbc.update("update account_import set enrolled_rows = enrolled_rows + ?, failed_rows = failed_rows + ?, "
                + "updated_at = ? where id = ?", enrolled, failed, Timestamp.from(EngineClock.now()), id);
    }

    /** The last part done: the import is done (with the rows that could not be enrolled, if any). */
    private void finishImport(long id) {
        Integer pending = jdbc.queryForObject("select count(*) from account_import_part where import_id = ? and state = 'pending'",
                Integer.class, id);
        if (pending == null || pending > 0) {
            return;
        }
        Status status = status(id);
        String message = status.failed() == 0 ? "Enrolled " + status.enrolled() + " accounts."
                : "Enrolled " + status.enrolled() + " of " + status.rows() + " accounts; " + status.failed()
                        + " rows could not be enrolled (see the problems).";
        Instant now = EngineClock.now();
        jdbc.update("update account_import set state = ?, message = ?, finished_at = ?, updated_at = ? where id = ? and state = ?",
                DONE, message, Timestamp.from(now), Timestamp.from(now), id, ENROLLING);
        synchronized (read) {
            read.remove(id);
        }
    }

    /** This node's claim on a part ran out and another node has it. */
    private static final class TakenOver extends RuntimeException {
        TakenOver() {
            super("taken over by another node", null, false, false);
        }
    }

    private void addProblems(long id, List<FieldProblem> problems) {
        Integer seq = jdbc.queryForObject("select coalesce(max(seq), 0) from account_import_problem where import_id = ?",
                Integer.class, id);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            FieldProblem p = problems.get(i);
            rows.add(new Object[] {id, seq + i + 1, p.row(), p.field(), truncate(p.message())});
        }
        jdbc.batchUpdate("insert into account_import_problem (import_id, seq, row_no, field, message) values (?, ?, ?, ?, ?)", rows);
    }

    /** The rows of an import's file: read on this node already, or read again from the import. */
    private List<AccountRequest> rows(long id) {
        synchronized (read) {
            List<AccountRequest> rows = read.get(id);
            if (rows != null) {
                return rows;
            }
        }
        List<AccountRequest> rows = AccountCsv.read(jdbc.queryForObject("select content from account_import where id = ?",
                String.class, id));
        synchronized (read) {
            read.put(id, rows);
        }
        return rows;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        return (host + "-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
