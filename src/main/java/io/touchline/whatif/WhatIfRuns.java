package io.touchline.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.touchline.EngineClock;
import io.touchline.web.InvalidInputException;
import jakarta.annotation.PreDestroy;

/**
 * What-ifs asked for through the API: each copies the live book, then replays it in what-if JVMs
 * (see {@link WhatIfLauncher}) in the background, one what-if at a time; the latest few are kept
 * in memory with their progress and results. Nothing of a what-if touches the live database or
 * engine: the book is read, the rest happens in other JVMs.
 */
@Service
public class WhatIfRuns {

    private static final Logger log = LoggerFactory.getLogger(WhatIfRuns.class);
    private static final int KEPT = 20;

    public enum State { QUEUED, RUNNING, DONE, FAILED }

    /** One what-if and where it stands. */
    public static final class Run {
        private final String id;
        private final int weeks;
        private final List<String> every;
        private final List<String> processes;
        private final String model;
        private final Instant start;
        private volatile State state = State.QUEUED;
        private volatile int weeksDone;
        private volatile long touches;
        private volatile String error;
        private volatile WhatIfLauncher.Outcome outcome;
        private final WhatIfLauncher launcher = new WhatIfLauncher();

        Run(String id, int weeks, List<String> every, List<String> processes, String model, Instant start) {
            this.id = id;
            this.weeks = weeks;
            this.every = List.copyOf(every);
            this.processes = List.copyOf(processes);
            this.model = model;
            this.start = start;
        }

        public String id() { return id; }
        public State state() { return state; }
        public int weeks() { return weeks; }
        public int weeksDone() { return weeksDone; }
        public long touches() { return touches; }
        public String error() { return error; }
        public List<String> every() { return every; }
        public List<String> processes() { return processes; }
        public String model() { return model; }
        public Instant start() { return start; }
        public Optional<WhatIfLauncher.Outcome> outcome() { return Optional.ofNullable(outcome); }
    }

    private final BookExport export;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "what-if");
        thread.setDaemon(true);
        return thread;
    });
    private final int jvms;

    private final MeterRegistry metrics;

    WhatIfRuns(BookExport export, @Value("${touchline.whatif.jvms:0}") int jvms, MeterRegistry metrics) {
        this.export = export;
        this.metrics = metrics;
        this.jvms = jvms;
    }

    /**
     * Checks the request (400 naming the field), copies the book and queues the replay.
     * @param files changed .bpmn/.dmn/.form files by name, deployed in place of the same-named ones
     */
    public Run start(Integer weeks, List<String> every, Map<String, byte[]> files) {
        if (weeks == null || weeks < 1 || weeks > Horizon.MAX_WEEKS) {
            throw new InvalidInputException("weeks", "must be between 1 and " + Horizon.MAX_WEEKS);
        }
        ModelChange change = ModelChange.of(every == null ? List.of() : every, files == null ? Map.of() : files);
        Book book = export.export();
        Instant start = EngineClock.now();
        Run run = new Run(UUID.randomUUID().toString(), weeks, change.every().stream().map(Object::toString).toList(),
                new ArrayList<>(files == null ? List.of() : files.keySet()), change.describe(), start);
        synchronized (runs) {
            runs.put(run.id, run);
            while (runs.size() > KEPT) {
                runs.remove(runs.keySet().iterator().next());
            }
        }
        executor.submit(() -> execute(run, book, change));
        return run;
    }

    public Optional<Run> get(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id));
        }
    }

    private void execute(Run run, Book book, ModelChange change) {
        Path work = null;
        run.state = State.RUNNING;
        try {
            work = Files.createTempDirectory("touchline-whatif-");
            var request = new WhatIfLauncher.Request(book, run.start, run.weeks, change, true, jvms, 0, null);
            run.outcome = run.launcher.run(request, work, (week, weeks, touches) -> {
                run.weeksDone = week;
                run.touches = touches;
            });
            run.weeksDone = run.weeks;
            run.touches = run.outcome.forecast().touches() + run.outcome.forecast().emails() + run.outcome.forecast().inApp();
            run.state = State.DONE;
            metrics.counter("touchline.whatif.runs", "state", "done").increment();
            log.info("What-if {} ({}) done in {} s", run.id, run.model, Math.round(run.outcome.seconds()));
            WhatIfLauncher.deleteQuietly(work);
        } catch (RuntimeException | IOException e) {
            run.error = e.getMessage();
            run.state = State.FAILED;
            metrics.counter("touchline.whatif.runs", "state", "failed").increment();
            log.warn("What-if {} ({}) failed: {}{}", run.id, run.model, e.getMessage(),
                    work != null ? " (files kept in " + work + ")" : "");
        }
    }

    @PreDestroy
    void stop() {
        synchronized (runs) {
            runs.values().forEach(r -> r.launcher.cancel());
        }
        executor.shutdownNow();
    }

}
