package io.touchline.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.touchline.EngineClock;
import io.touchline.web.InvalidInputException;
import io.touchline.work.Workers;

/**
 * What-ifs asked for through the API or the page. A run is a row (what_if_run) with the changed
 * files beside it, so any node answers for it and any node that runs replays ({@code
 * touchline.whatif.replays}, on by default) may take it: the node claims it, copies the live book,
 * replays it in what-if JVMs (see {@link WhatIfLauncher}), renews its claim meanwhile and writes the
 * progress and then the forecasts into the row. A node runs one what-if at a time. A run whose node
 * died is queued again once its claim runs out (three attempts); a node that stops hands its run
 * back at once. The latest {@value #KEPT} runs are kept. Nothing of a what-if touches the live
 * engine: the book is read, the rest happens in other JVMs.
 */
@Service
public class WhatIfRuns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WhatIfRuns.class);
    static final int KEPT = 20;
    private static final int ATTEMPTS = 3;

    public enum State { QUEUED, RUNNING, DONE, FAILED }

    /** One what-if and where it stands, as read from the database. */
    public record Run(String id, State state, int weeks, int weeksDone, long touches, String error,
            List<String> every, List<String> processes, String model, Instant start,
            Optional<WhatIfLauncher.Outcome> outcome) {
    }

    private final BookExport export;
    private final JdbcTemplate jdbc;
    private final MeterRegistry metrics;
    private final int jvms;
    private final Duration claim;
    private final Workers workers;
    private final String node = nodeName();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "what-if-claim");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WhatIfLauncher running;
    private volatile boolean stopping;

    WhatIfRuns(BookExport export, JdbcTemplate jdbc, MeterRegistry metrics,
            @Value("${touchline.whatif.jvms:0}") int jvms,
            @Value("${touchline.whatif.replays:true}") boolean replays,
            @Value("${touchline.whatif.poll-interval:PT2S}") Duration poll,
            @Value("${touchline.whatif.claim:PT1M}") Duration claim) {
        this.export = export;
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.jvms = jvms;
        this.claim = claim;
        this.workers = new Workers("what-if", replays ? 1 : 0, poll, this::workOnce);
    }

    /**
     * Checks the request (400 naming the field) and queues the replay; a node that runs replays
     * (this one at once, if it does) takes it.
     * @param files changed .bpmn/.dmn/.form files by name, deployed in place of the same-named ones
     */
    public Run start(Integer weeks, List<String> every, Map<String, byte[]> files) {
        if (weeks == null || weeks < 1 || weeks > Horizon.MAX_WEEKS) {
            throw new InvalidInputException("weeks", "must be between 1 and " + Horizon.MAX_WEEKS);
        }
        Map<String, byte[]> changed = files == null ? Map.of() : files;
        ModelChange change = ModelChange.of(every == null ? List.of() : every, changed);
        String id = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                insert into what_if_run (id, state, weeks, cadence_change, model, start_at, weeks_done, touches, attempts,
                    created_at, updated_at) values (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)""",
                id, State.QUEUED.name(), weeks, String.join("\n", change.every().stream().map(Object::toString).toList()),
                change.describe(), Timestamp.from(EngineClock.now()), now, now);
        int seq = 0;
        for (var file : changed.entrySet()) {
            jdbc.update("insert into what_if_file (run_id, seq, name, content) values (?, ?, ?, ?)", id, seq++,
                    file.getKey(), Base64.getEncoder().encodeToString(file.getValue()));
        }
        forgetOld();
        workers.wakeUp();
        return get(id).orElseThrow();
    }

    public Optional<Run> get(String id) {
        return jdbc.query("""
                select id, state, weeks, weeks_done, touches, error, cadence_change, model, start_at, outcome
                from what_if_run where id = ?""", (rs, n) -> {
            String cadences = rs.getString("cadence_change");
            String outcome = rs.getString("outcome");
            return new Run(rs.getString("id"), State.valueOf(rs.getString("state")), rs.getInt("weeks"),
                    rs.getInt("weeks_done"), rs.getLong("touches"), rs.getString("error"),
                    cadences.isEmpty() ? List.of() : List.of(cadences.split("\n")), fileNames(id),
                    rs.getString("model"), rs.getTimestamp("start_at").toInstant(),
                    Optional.ofNullable(outcome).map(WhatIfRuns::readOutcome));
        }, id).stream().findFirst();
    }

    private List<String> fileNames(String id) {
        return jdbc.queryForList("select name from what_if_file where run_id = ? order by seq", String.class, id);
    }

    /** Takes a queued run (or one whose node died) and replays it; says whether there was one. */
    boolean workOnce() {
        Instant now = Instant.now();
        List<String> candidates = jdbc.queryForList("""
                select id from what_if_run where state = ? or (state = ? and claimed_until < ?)
                order by created_at fetch first 5 rows only""", String.class, State.QUEUED.name(), State.RUNNING.name(),
                Timestamp.from(now));
        for (String id : candidates) {
            int claimed = jdbc.update("""
                    update what_if_run set state = ?, claimed_by = ?, claimed_until = ?, attempts = attempts + 1, updated_at = ?
                    where id = ? and (state = ? or (state = ? and claimed_until < ?))""", State.RUNNING.name(), node,
                    Timestamp.from(now.plus(claim)), Timestamp.from(now), id, State.QUEUED.name(), State.RUNNING.name(),
                    Timestamp.from(now));
            if (claimed == 1) {
                Integer attempts = jdbc.queryForObject("select attempts from what_if_run where id = ?", Integer.class, id);
                if (attempts != null && attempts > ATTEMPTS) {
                    finish(id, State.FAILED, null, "Replayed " + ATTEMPTS + " times and each time its node stopped before the end");
                    metrics.counter("touchline.whatif.runs", "state", "failed").increment();
                } else {
                    execute(id);
                }
                return true;
            }
        }
        return false;
    }

    private void execute(String id) {
        Run run = get(id).orElseThrow();
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(id),
                claim.toMillis() / 3, claim.toMillis() / 3, TimeUnit.MILLISECONDS);
        Path work = null;
        WhatIfLauncher launcher = new WhatIfLauncher();
        running = launcher;
        try {
            ModelChange change = ModelChange.of(run.every(), files(id));
            Book book = export.export();
            work = Files.createTempDirectory("touchline-whatif-");
            var request = new WhatIfLauncher.Request(book, run.start(), run.weeks(), change, true, jvms, 0, null);
            long[] written = {0};
            WhatIfLauncher.Outcome outcome = launcher.run(request, work, (week, weeks, touches) -> {
                long at = System.nanoTime();
                if (at - written[0] > 500_000_000L || week == weeks) { // at most twice a second
                    written[0] = at;
                    jdbc.update("update what_if_run set weeks_done = ?, touches = ?, updated_at = ? where id = ? and claimed_by = ?",
                            week, touches, Timestamp.from(Instant.now()), id, node);
                }
            });
            Forecast forecast = outcome.forecast();
            jdbc.update("update what_if_run set weeks_done = weeks, touches = ? where id = ?",
                    (long) forecast.touches() + forecast.emails() + forecast.inApp(), id);
            finish(id, State.DONE, Book.JSON.writeValueAsString(outcome), null);
            metrics.counter("touchline.whatif.runs", "state", "done").increment();
            log.info("What-if {} ({}) done in {} s", id, run.model(), Math.round(outcome.seconds()));
            WhatIfLauncher.deleteQuietly(work);
        } catch (RuntimeException | IOException e) {
            if (stopping) {
                // this node is stopping: hand the run back for another node (or this one, restarted)
                jdbc.update("update what_if_run set state = ?, claimed_by = null, claimed_until = null, attempts = attempts - 1, "
                        + "updated_at = ? where id = ? and claimed_by = ?", State.QUEUED.name(), Timestamp.from(Instant.now()), id, node);
                log.info("What-if {} handed back: this node is stopping", id);
            } else {
                finish(id, State.FAILED, null, e.getMessage());
                metrics.counter("touchline.whatif.runs", "state", "failed").increment();
                log.warn("What-if {} ({}) failed: {}{}", id, run.model(), e.getMessage(),
                        work != null ? " (files kept in " + work + ")" : "");
            }
        } finally {
            renewal.cancel(false);
            running = null;
        }
    }

    private void renew(String id) {
        try {
            jdbc.update("update what_if_run set claimed_until = ? where id = ? and claimed_by = ? and state = ?",
                    Timestamp.from(Instant.now().plus(claim)), id, node, State.RUNNING.name());
        } catch (RuntimeException e) {
            log.warn("What-if {}: could not renew the claim: {}", id, e.getMessage());
        }
    }

    private void finish(String id, State state, String outcome, String error) {
        jdbc.update("""
                update what_if_run set state = ?, outcome = ?, error = ?, claimed_by = null, claimed_until = null, updated_at = ?
                where id = ?""", state.name(), outcome, truncate(error), Timestamp.from(Instant.now()), id);
    }

    private Map<String, byte[]> files(String id) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        jdbc.query("select name, content from what_if_file where run_id = ? order by seq",
                rs -> { files.put(rs.getString("name"), Base64.getDecoder().decode(rs.getString("content"))); }, id);
        return files;
    }

    /** Keeps the latest {@value #KEPT} runs (and every run still queued or running). */
    private void forgetOld() {
        List<String> old = jdbc.queryForList("select id from what_if_run where state in (?, ?) order by created_at desc",
                String.class, State.DONE.name(), State.FAILED.name());
        List<String> drop = new ArrayList<>(old.subList(Math.min(old.size(), KEPT), old.size()));
        drop.forEach(id -> jdbc.update("delete from what_if_run where id = ?", id));
    }

    private static WhatIfLauncher.Outcome readOutcome(String json) {
        try {
            return Book.JSON.readValue(json, WhatIfLauncher.Outcome.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a what-if's result: " + e.getMessage(), e);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void start() {
        stopping = false;
        workers.start();
    }

    @Override
    public void stop() {
        stopping = true;
        WhatIfLauncher launcher = running;
        if (launcher != null) {
            launcher.cancel();
        }
        workers.stop();
        renewals.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return workers.isRunning();
    }

    @Override
    public int getPhase() {
        // after the engine and the database are up, before they go down
        return Integer.MAX_VALUE - 100;
    }
}
