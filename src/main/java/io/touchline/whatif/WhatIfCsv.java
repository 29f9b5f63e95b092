package io.touchline.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.touchline.whatif.Forecast.Load;
import io.touchline.whatif.Forecast.Messages;

/**
 * A what-if as CSV, one row per week, owner and kind of touch: {@code week, week_start, owner, kind,
 * touches, hours}; the automated messages as rows of owner {@code (automated)}, kind {@code email} or
 * {@code in-app}. With a baseline: {@code baseline_touches, baseline_hours, touches_diff, hours_diff} too.
 */
final class WhatIfCsv {

    static final String AUTOMATED = "(automated)";

    private WhatIfCsv() {
    }

    static void write(WhatIfLauncher.Outcome outcome, Writer out) {
        Forecast forecast = outcome.forecast();
        Forecast baseline = outcome.changed() != null ? outcome.baseline() : null;
        List<String> header = new ArrayList<>(List.of("week", "week_start", "owner", "kind", "touches", "hours"));
        if (baseline != null) {
            header.addAll(List.of("baseline_touches", "baseline_hours", "touches_diff", "hours_diff"));
        }
        Map<String, String> weekStarts = new LinkedHashMap<>();
        forecast.calendar().forEach(w -> weekStarts.put(w.week(), w.starts().toString()));
        Map<List<String>, Load> now = index(forecast);
        Map<List<String>, Load> before = baseline == null ? Map.of() : index(baseline);
        TreeSet<List<String>> keys = new TreeSet<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2)));
        keys.addAll(now.keySet());
        keys.addAll(before.keySet());
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (String week : weekStarts.keySet()) {
                for (List<String> key : keys.subSet(List.of(week, "", ""), true, List.of(week, "\uffff", ""), true)) {
                    Load a = now.get(key);
                    Load b = before.get(key);
                    List<Object> row = new ArrayList<>(List.of(week, weekStarts.get(week), key.get(1), key.get(2),
                            a == null ? 0 : a.touches(), hours(a == null ? 0 : a.hours())));
                    if (baseline != null) {
                        int bt = b == null ? 0 : b.touches();
                        double bh = b == null ? 0 : b.hours();
                        row.addAll(List.of(bt, hours(bh), (a == null ? 0 : a.touches()) - bt,
                                hours((a == null ? 0 : a.hours()) - bh)));
                    }
                    csv.printRecord(row);
                }
                Messages m = messagesOf(forecast, week);
                Messages mb = baseline == null ? null : messagesOf(baseline, week);
                csv.printRecord(messageRow(week, weekStarts.get(week), "email", m.emails(), mb == null ? null : mb.emails()));
                csv.printRecord(messageRow(week, weekStarts.get(week), "in-app", m.inApp(), mb == null ? null : mb.inApp()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> messageRow(String week, String starts, String kind, int count, Integer baseline) {
        List<Object> row = new ArrayList<>(List.of(week, starts, AUTOMATED, kind, count, ""));
        if (baseline != null) {
            row.addAll(List.of(baseline, "", count - baseline, ""));
        }
        return row;
    }

    private static Messages messagesOf(Forecast forecast, String week) {
        return forecast.messages().stream().filter(m -> m.week().equals(week)).findFirst().orElse(new Messages(week, 0, 0));
    }

    private static Map<List<String>, Load> index(Forecast forecast) {
        Map<List<String>, Load> index = new LinkedHashMap<>();
        forecast.load().forEach(l -> index.put(List.of(l.week(), l.owner(), l.kind()), l));
        return index;
    }

    private static String hours(double hours) {
        return String.format(java.util.Locale.ROOT, "%.2f", hours);
    }
}
