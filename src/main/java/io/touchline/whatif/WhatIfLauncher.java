package io.touchline.whatif;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a what-if: today's model and/or the changed one over a copy of the book, each in what-if
 * JVMs of its own ({@link WhatIfWorker}, same class path as this JVM), and adds up their figures.
 * A large book is split into parts replayed side by side (one JVM per core); the parts share no
 * account or contact, so the sum equals one replay of the whole book. This class moves no clock and
 * opens no database: it can run inside the live application.
 */
public final class WhatIfLauncher {

    /** What to replay. {@code withBaseline}: also replay today's model, for the difference. */
    public record Request(Book book, Instant start, int weeks, ModelChange change, boolean withBaseline, int jvms,
            int partitions, List<String> jvmOptions) {

        public Request {
            change = change == null ? ModelChange.NONE : change;
            jvms = jvms > 0 ? jvms : Runtime.getRuntime().availableProcessors();
            jvmOptions = jvmOptions == null ? null : List.copyOf(jvmOptions); // null: by the size of the work
            new Horizon(start, weeks); // checks weeks
        }

        public Request(Book book, Instant start, int weeks, ModelChange change) {
            this(book, start, weeks, change, true, 0, 0, null);
        }
    }

    /** The forecasts: {@code baseline} is today's model (null if not replayed), {@code changed} the changed one (null if none). */
    public record Outcome(Forecast baseline, Forecast changed, double seconds) {

        /** The forecast of the model asked about: the changed one if there is one. */
        public Forecast forecast() {
            return changed != null ? changed : baseline;
        }
    }

    /** Progress of the whole what-if: weeks replayed (the average over its JVMs) and touches so far. */
    public interface Listener {
        void progress(int week, int weeks, long touches);
    }

    /** A what-if JVM failed; its error. */
    public static class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    /** For long replays: the optimizing compiler pays off. */
    static final List<String> LONG_RUN_JVM_OPTIONS = List.of("-Xmx3g", "-XX:+UseParallelGC");
    /** For short replays (a small book, a few weeks): start fast, about half the time of the above. */
    static final List<String> SHORT_RUN_JVM_OPTIONS = List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final int SHORT_RUN_ACCOUNT_WEEKS = 20_000;
    private static final Pattern PROGRESS = Pattern.compile("progress (\\d+)/(\\d+) weeks, ([\\d,]+) touches");
    private static final String SPRING_BOOT_LOADER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final List<Process> running = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public Outcome run(Request request, Path workDir, Listener listener) {
        long began = System.nanoTime();
        List<Model> models = new ArrayList<>();
        if (request.change().isNone() || request.withBaseline()) {
            models.add(new Model("baseline", null));
        }
        if (!request.change().isNone()) {
            models.add(new Model("changed", request.change().writeTo(workDir.resolve("changed-model"))));
        }
        int parts = request.partitions() > 0 ? request.partitions() : Math.max(1, request.jvms() / models.size());
        parts = Math.max(1, Math.min(parts, Math.max(1, request.book().accounts().size())));
        List<Worker> workers = new ArrayList<>();
        for (Model model : models) {
            List<Book> books = request.book().partition(parts);
            for (int i = 0; i < books.size(); i++) {
                Path book = workDir.resolve(model.label + "-" + i + "-book.json");
                books.get(i).write(book);
                workers.add(new Worker(model, books.get(i).accounts().size(), book,
                        workDir.resolve(model.label + "-" + i + "-forecast.json"), workDir.resolve(model.label + "-" + i + ".log")));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(request.jvms(), workers.size()));
        try {
            List<Future<Forecast>> results = new ArrayList<>();
            for (Worker worker : workers) {
                results.add(pool.submit(() -> worker.run(request, workers, listener)));
            }
            for (Future<Forecast> result : results) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    cancel();
                    throw e.getCause() instanceof Failed failed ? failed : new Failed(String.valueOf(e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        } finally {
            pool.shutdownNow();
        }
        Forecast baseline = merge(workers, "baseline");
        Forecast changed = merge(workers, "changed");
        return new Outcome(baseline, changed, (System.nanoTime() - began) / 1e9);
    }

    /** Stops the what-if JVMs of this run. */
    public void cancel() {
        cancelled = true;
        running.forEach(Process::destroyForcibly);
    }

    private static Forecast merge(List<Worker> workers, String label) {
        List<Forecast> parts = workers.stream().filter(w -> w.model.label.equals(label)).map(w -> w.forecast).toList();
        return parts.isEmpty() ? null : Forecast.merge(parts);
    }

    private record Model(String label, Path processes) {
    }

    private final class Worker {
        final Model model;
        final int accounts;
        final Path book;
        final Path result;
        final Path log;
        volatile int week;
        volatile long touches;
        volatile Forecast forecast;

        Worker(Model model, int accounts, Path book, Path result, Path log) {
            this.model = model;
            this.accounts = accounts;
            this.book = book;
            this.result = result;
            this.log = log;
        }

        Forecast run(Request request, List<Worker> all, Listener listener) throws IOException, InterruptedException {
            if (cancelled) {
                throw new Failed("cancelled");
            }
            List<String> options = request.jvmOptions() != null ? request.jvmOptions()
                    : (long) accounts * request.weeks() <= SHORT_RUN_ACCOUNT_WEEKS
                            ? SHORT_RUN_JVM_OPTIONS : LONG_RUN_JVM_OPTIONS;
            List<String> command = new ArrayList<>(javaCommand(options, WhatIfWorker.class.getName()));
            command.addAll(List.of("--book", book.toString(), "--result", result.toString(),
                    "--start", request.start().toString(), "--weeks", String.valueOf(request.weeks()),
                    "--label", model.label));
            if (model.processes != null) {
                command.addAll(List.of("--processes", model.processes.toString()));
            }
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            running.add(process);
            String error = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher progress = PROGRESS.matcher(line);
                    if (progress.lookingAt()) {
                        week = Integer.parseInt(progress.group(1));
                        touches = Long.parseLong(progress.group(3).replace(",", ""));
                        report(request, all, listener);
                    } else if (line.startsWith("error ")) {
                        error = line.substring(6);
                    }
                }
            }
            int exit = process.waitFor();
            running.remove(process);
            if (exit != 0 || !Files.exists(result)) {
                throw new Failed(error != null ? error : cancelled ? "cancelled"
                        : "the what-if JVM ended with exit code " + exit + " (see " + log + ")");
            }
            forecast = Forecast.read(result);
            return forecast;
        }

        private void report(Request request, List<Worker> all, Listener listener) {
            if (listener == null) {
                return;
            }
            int weeks = (int) Math.floor(all.stream().mapToInt(w -> w.week).average().orElse(0));
            String last = all.get(all.size() - 1).model.label;
            long sum = all.stream().filter(w -> w.model.label.equals(last)).mapToLong(w -> w.touches).sum();
            synchronized (listener) {
                listener.progress(weeks, request.weeks(), sum);
            }
        }
    }

    /**
     * How to start a JVM on this one's class path with another main class: {@code java -cp <class path> Main},
     * or, when this JVM runs from the Spring Boot executable jar, its PropertiesLauncher with {@code loader.main}.
     */
    static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        if (isSpringBootJar(classPath)) {
            command.addAll(List.of("-Dloader.main=" + mainClass, "-cp", classPath, SPRING_BOOT_LOADER));
        } else {
            command.addAll(List.of("-cp", classPath, mainClass));
        }
        return command;
    }

    private static boolean isSpringBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            var manifest = jar.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            return main != null && main.startsWith("org.springframework.boot.loader");
        } catch (IOException e) {
            return false;
        }
    }

    static String describe(Outcome outcome) {
        Forecast f = outcome.forecast();
        return String.format(Locale.ROOT, "%d accounts, %d weeks: %,d human touches (%.1f h), %,d emails, %,d in-app messages",
                f.accounts(), f.weeks(), f.touches(), f.hours(), f.emails(), f.inApp());
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
