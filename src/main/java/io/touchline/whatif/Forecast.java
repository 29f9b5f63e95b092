package io.touchline.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a replay counted, per ISO week (Monday to Sunday, UTC): the human touches per owner (the
 * assigned CSM, else the candidate group) and kind (the task's form), with the hours they plan
 * (touchline.capacity), and the automated emails sent and in-app messages shown. Partitions of one
 * book replayed in separate engines add up to the forecast of the whole book.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Forecast(String label, Instant start, List<Week> calendar, int accounts, List<Skipped> skipped,
        List<Load> load, List<Messages> messages, List<String> failures, double seconds, long peakHeapBytes) {

    /** An ISO week of the horizon ("2027-W01") and its Monday. */
    public record Week(String week, LocalDate starts) {
    }

    /** Human touches of one kind for one owner in one week. */
    public record Load(String week, String owner, String kind, int touches, double hours) {
    }

    /** Automated messages in one week. */
    public record Messages(String week, int emails, int inApp) {
    }

    /** An account of the book the replay could not enrol, and why. */
    public record Skipped(String externalId, String reason) {
    }

    public Forecast {
        calendar = List.copyOf(calendar);
        skipped = List.copyOf(skipped);
        load = List.copyOf(load);
        messages = List.copyOf(messages);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public int weeks() {
        return calendar.size();
    }

    public int touches() {
        return load.stream().mapToInt(Load::touches).sum();
    }

    public double hours() {
        return load.stream().mapToDouble(Load::hours).sum();
    }

    public int emails() {
        return messages.stream().mapToInt(Messages::emails).sum();
    }

    public int inApp() {
        return messages.stream().mapToInt(Messages::inApp).sum();
    }

    /** The parts of one book, replayed separately, as one forecast. */
    public static Forecast merge(List<Forecast> parts) {
        Forecast first = parts.get(0);
        Map<List<String>, double[]> load = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        Map<String, int[]> messages = new TreeMap<>();
        List<Skipped> skipped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int accounts = 0;
        double seconds = 0;
        long heap = 0;
        for (Forecast part : parts) {
            accounts += part.accounts();
            skipped.addAll(part.skipped());
            failures.addAll(part.failures());
            seconds = Math.max(seconds, part.seconds());
            heap = Math.max(heap, part.peakHeapBytes());
            for (Load l : part.load()) {
                double[] sum = load.computeIfAbsent(List.of(l.week(), l.owner(), l.kind()), k -> new double[2]);
                sum[0] += l.touches();
                sum[1] += l.hours();
            }
            for (Messages m : part.messages()) {
                int[] sum = messages.computeIfAbsent(m.week(), k -> new int[2]);
                sum[0] += m.emails();
                sum[1] += m.inApp();
            }
        }
        List<Load> loads = load.entrySet().stream().map(e -> new Load(e.getKey().get(0), e.getKey().get(1),
                e.getKey().get(2), (int) e.getValue()[0], round(e.getValue()[1]))).toList();
        List<Messages> msgs = first.calendar().stream().map(w -> {
            int[] sum = messages.getOrDefault(w.week(), new int[2]);
            return new Messages(w.week(), sum[0], sum[1]);
        }).toList();
        skipped.sort(Comparator.comparing(Skipped::externalId));
        return new Forecast(first.label(), first.start(), first.calendar(), accounts, skipped, loads, msgs, failures,
                seconds, heap);
    }

    static double round(double hours) {
        return Math.round(hours * 100) / 100.0;
    }

    public static Forecast read(Path file) {
        try {
            return Book.JSON.readValue(file.toFile(), Forecast.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the forecast " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Book.JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
