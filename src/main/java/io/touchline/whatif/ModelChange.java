package io.touchline.whatif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.dmn.Dmn;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import io.touchline.account.Tier;
import io.touchline.journey.JourneyProcess;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;

/**
 * The changed model a what-if replays: changed files (BPMN, DMN, forms) deployed in place of the
 * same-named files of processes/ and forms/, and cadence changes per tier ("medium-touch check-ins
 * every 2 weeks"). A cadence change is made where CS Ops would make it: the default period of that
 * cadence's loop timers in the tier's journey diagram ({@code ${cadence.next(.., 'check-in', 'P1M')}}
 * becomes {@code 'P14D'}), so an account's own rhythm still wins, as it does live.
 */
public record ModelChange(List<Cadence> every, Map<String, byte[]> files) {

    /** "tier:cadence=period", e.g. medium-touch:check-in=P14D. */
    public record Cadence(Tier tier, String cadence, String period) {

        private static final Pattern FORM = Pattern.compile("([a-z-]+):([a-z][a-z0-9-]*)=(\\S+)");

        public static Cadence parse(String text, String field) {
            Matcher m = FORM.matcher(text == null ? "" : text.trim());
            if (!m.matches()) {
                throw new InvalidInputException(field, "'" + text + "' is not tier:cadence=period, e.g. medium-touch:check-in=P14D");
            }
            Tier tier;
            try {
                tier = Tier.ofCode(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(field, "'" + m.group(1) + "' is not a tier (high-touch, medium-touch, low-touch, tech-touch)");
            }
            String period = m.group(3);
            if (!positive(period)) {
                throw new InvalidInputException(field, "'" + period + "' is not a positive ISO-8601 period such as P14D or P1M");
            }
            return new Cadence(tier, m.group(2), period);
        }

        @Override
        public String toString() {
            return tier.code() + ":" + cadence + "=" + period;
        }

        private static boolean positive(String period) {
            try {
                if (period.contains("T")) {
                    Duration d = Duration.parse(period);
                    return !d.isNegative() && !d.isZero();
                }
                Period p = Period.parse(period);
                return !p.isNegative() && !p.isZero();
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }

    public static final ModelChange NONE = new ModelChange(List.of(), Map.of());

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+\\.(bpmn|dmn|form)");
    private static final Pattern CADENCE_CALL = Pattern.compile(
            "cadence\\.(every|next)\\(([^,()]+),\\s*'([^']+)',\\s*'([^']+)'\\)");

    public ModelChange {
        every = List.copyOf(every);
        files = Map.copyOf(files);
    }

    public boolean isNone() {
        return every.isEmpty() && files.isEmpty();
    }

    /**
     * Checks and reads a change: each cadence names a tier and a cadence its journey has, each file
     * is a readable BPMN, DMN or form. Bad input names its field ({@code every[0]}, {@code processes[1]}).
     */
    public static ModelChange of(List<String> every, Map<String, byte[]> files) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Cadence> cadences = new ArrayList<>();
        for (int i = 0; i < every.size(); i++) {
            try {
                cadences.add(Cadence.parse(every.get(i), "every[" + i + "]"));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        int i = 0;
        for (var file : files.entrySet()) {
            String field = "processes[" + i++ + "]";
            String problem = problemOf(file.getKey(), file.getValue());
            if (problem != null) {
                problems.add(FieldProblem.of(field, problem));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ModelChange change = new ModelChange(cadences, files);
        change.deployable(); // every cadence must exist in its tier's journey
        return change;
    }

    /** Reads the changed files of a directory (CLI: --processes DIR). */
    public static ModelChange of(List<String> every, Path directory) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (directory != null) {
            try (var list = Files.list(directory)) {
                for (Path file : list.sorted().toList()) {
                    if (FILE_NAME.matcher(file.getFileName().toString()).matches()) {
                        files.put(file.getFileName().toString(), Files.readAllBytes(file));
                    }
                }
            } catch (IOException e) {
                throw new InvalidInputException("processes", "cannot read the directory " + directory + ": " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new InvalidInputException("processes", directory + " has no .bpmn, .dmn or .form file");
            }
        }
        return of(every, files);
    }

    private static String problemOf(String name, byte[] content) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            return "'" + name + "' must be a plain file name ending in .bpmn, .dmn or .form";
        }
        try {
            if (name.endsWith(".bpmn")) {
                Bpmn.readModelFromStream(new ByteArrayInputStream(content));
            } else if (name.endsWith(".dmn")) {
                Dmn.readModelFromStream(new ByteArrayInputStream(content));
            } else {
                Book.JSON.readTree(content);
            }
            return null;
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
            return name + " is not a valid " + name.substring(name.lastIndexOf('.') + 1).toUpperCase() + " file: " + why;
        }
    }

    /**
     * The files to deploy in place of the same-named ones of processes/ and forms/: the changed
     * files, and each tier journey whose cadence default changed, rewritten.
     */
    public Map<String, byte[]> deployable() {
        Map<String, byte[]> out = new LinkedHashMap<>(files);
        for (int i = 0; i < every.size(); i++) {
            Cadence change = every.get(i);
            String key = JourneyProcess.keyOf(change.tier());
            String name = journeyFile(key, out);
            String xml = new String(out.containsKey(name) ? out.get(name) : classpath("processes/" + name),
                    StandardCharsets.UTF_8);
            Matcher calls = CADENCE_CALL.matcher(xml);
            StringBuilder rewritten = new StringBuilder();
            Set<String> cadences = new LinkedHashSet<>();
            boolean found = false;
            while (calls.find()) {
                cadences.add(calls.group(3));
                if (calls.group(3).equals(change.cadence())) {
                    found = true;
                    calls.appendReplacement(rewritten, Matcher.quoteReplacement("cadence." + calls.group(1) + "("
                            + calls.group(2) + ", '" + change.cadence() + "', '" + change.period() + "')"));
                }
            }
            calls.appendTail(rewritten);
            if (!found) {
                throw new InvalidInputException("every[" + i + "]", "the " + change.tier().code() + " journey (" + name
                        + ") has no '" + change.cadence() + "' cadence; its cadences: " + String.join(", ", cadences));
            }
            out.put(name, rewritten.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Writes {@link #deployable()} into a directory for a replay (--processes DIR). */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            for (var file : deployable().entrySet()) {
                Files.write(directory.resolve(file.getKey()), file.getValue());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String describe() {
        if (isNone()) {
            return "today's model";
        }
        List<String> parts = new ArrayList<>();
        every.forEach(c -> parts.add(c.tier().code() + " " + c.cadence() + " every " + c.period()));
        if (!files.isEmpty()) {
            parts.add("changed " + String.join(", ", files.keySet()));
        }
        return String.join("; ", parts);
    }

    /** The file that defines the process with this key: a changed one, else the one in processes/. */
    private static String journeyFile(String key, Map<String, byte[]> changed) {
        Pattern process = Pattern.compile("<(\\w+:)?process\\s[^>]*id=\"" + Pattern.quote(key) + "\"");
        for (var file : changed.entrySet()) {
            if (file.getKey().endsWith(".bpmn") && process.matcher(new String(file.getValue(), StandardCharsets.UTF_8)).find()) {
                return file.getKey();
            }
        }
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:processes/*.bpmn")) {
                try (var in = resource.getInputStream()) {
                    if (process.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8)).find()) {
                        return resource.getFilename();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No diagram in processes/ defines the process " + key);
    }

    static byte[] classpath(String path) {
        try (var in = ModelChange.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No " + path + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
