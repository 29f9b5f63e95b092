package io.touchline.calendar.web;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.touchline.calendar.web.PlanningController.WeekSummary;
import io.touchline.capacity.CapacityPlan;

/** Bar charts as plain SVG geometry for the pages (no script, nothing to load). */
public final class Charts {

    public record Bar(double x, double y, double width, double height, String css, String title) {
    }

    public record Label(double x, double y, String text, String anchor) {
    }

    public record Line(double x1, double y1, double x2, double y2, String css) {
    }

    public record Chart(int width, int height, List<Bar> bars, List<Label> labels, List<Line> lines) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final int LEFT = 44;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;

    private Charts() {
    }

    /** Per week: human touches (and their hours) beside automated touches. */
    static Chart calendar(List<WeekSummary> weeks) {
        int width = 900;
        int height = 240;
        double plotHeight = height - TOP - BOTTOM;
        double slot = (width - LEFT - 10) / (double) Math.max(1, weeks.size());
        int max = Math.max(1, weeks.stream().mapToInt(w -> Math.max(w.humanTouches(), w.automated())).max().orElse(1));
        int top = niceCeiling(max);
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<Line> lines = axis(width, height, top, labels);
        for (int i = 0; i < weeks.size(); i++) {
            WeekSummary w = weeks.get(i);
            double x = LEFT + i * slot + slot * 0.12;
            double barWidth = slot * 0.36;
            double human = plotHeight * w.humanTouches() / top;
            double automated = plotHeight * w.automated() / top;
            bars.add(new Bar(x, TOP + plotHeight - human, barWidth, human, "human",
                    "Week of " + DAY.format(w.monday()) + ": " + w.humanTouches() + " CSM touches, " + w.hours() + " h"));
            bars.add(new Bar(x + barWidth, TOP + plotHeight - automated, barWidth, automated, "automated",
                    "Week of " + DAY.format(w.monday()) + ": " + w.automated() + " automated touches"));
            labels.add(new Label(LEFT + i * slot + slot / 2, height - BOTTOM + 16, DAY.format(w.monday()), "middle"));
        }
        return new Chart(width, height, bars, labels, lines);
    }

    /** Two series per label side by side: today's model (grey) and a changed one (blue). */
    public static Chart comparison(List<String> labels, double[] today, double[] changed, String unit) {
        int width = 900;
        int height = 240;
        double plotHeight = height - TOP - BOTTOM;
        double slot = (width - LEFT - 10) / (double) Math.max(1, labels.size());
        double max = 1;
        for (int i = 0; i < labels.size(); i++) {
            max = Math.max(max, Math.max(today[i], changed[i]));
        }
        int top = niceCeiling((int) Math.ceil(max));
        List<Bar> bars = new ArrayList<>();
        List<Label> texts = new ArrayList<>();
        List<Line> lines = axis(width, height, top, texts);
        int every = Math.max(1, labels.size() / 13 + 1);
        for (int i = 0; i < labels.size(); i++) {
            double x = LEFT + i * slot + slot * 0.1;
            double barWidth = slot * 0.4;
            double a = plotHeight * today[i] / top;
            double b = plotHeight * changed[i] / top;
            bars.add(new Bar(x, TOP + plotHeight - a, barWidth, a, "automated", labels.get(i) + ", today's model: " + trim(today[i]) + " " + unit));
            bars.add(new Bar(x + barWidth, TOP + plotHeight - b, barWidth, b, "human", labels.get(i) + ", changed model: " + trim(changed[i]) + " " + unit));
            if (i % every == 0) {
                texts.add(new Label(LEFT + i * slot + slot / 2, height - BOTTOM + 16, labels.get(i), "middle"));
            }
        }
        return new Chart(width, height, bars, texts, lines);
    }

    /** One CSM: planned hours per week, red over the capacity line. */
    static Chart capacity(CapacityPlan.Csm csm) {
        int width = 560;
        int height = 170;
        double plotHeight = height - TOP - BOTTOM;
        double slot = (width - LEFT - 10) / (double) Math.max(1, csm.weeks().size());
        double max = Math.max(csm.weeklyHours(), csm.peakHours());
        int top = niceCeiling((int) Math.ceil(max));
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<Line> lines = axis(width, height, top, labels);
        for (int i = 0; i < csm.weeks().size(); i++) {
            CapacityPlan.Week w = csm.weeks().get(i);
            double h = plotHeight * w.plannedHours() / top;
            bars.add(new Bar(LEFT + i * slot + slot * 0.15, TOP + plotHeight - h, slot * 0.7, h,
                    w.overCapacity() ? "over" : "within", "Week of " + DAY.format(w.monday()) + ": " + w.plannedHours()
                            + " h planned of " + w.availableHours() + " h" + (w.overCapacity() ? " (over capacity)" : "")));
            if (i % 2 == 0) {
                labels.add(new Label(LEFT + i * slot + slot / 2, height - BOTTOM + 16, DAY.format(w.monday()), "middle"));
            }
        }
        double y = TOP + plotHeight - plotHeight * csm.weeklyHours() / top;
        lines.add(new Line(LEFT, y, width - 10, y, "capacity"));
        labels.add(new Label(LEFT + 4, y - 4, "capacity " + trim(csm.weeklyHours()) + " h", "start"));
        return new Chart(width, height, bars, labels, lines);
    }

    private static List<Line> axis(int width, int height, int top, List<Label> labels) {
        List<Line> lines = new ArrayList<>();
        double plotHeight = height - TOP - BOTTOM;
        for (int i = 0; i <= 4; i++) {
            double value = top * i / 4.0;
            double y = TOP + plotHeight - plotHeight * i / 4.0;
            lines.add(new Line(LEFT, y, width - 10, y, i == 0 ? "axis" : "grid"));
            labels.add(new Label(LEFT - 6, y + 4, trim(value), "end"));
        }
        return lines;
    }

    private static int niceCeiling(int max) {
        int[] steps = { 4, 8, 12, 20, 40, 60, 80, 100, 200, 400, 800, 1000, 2000, 4000 };
        for (int step : steps) {
            if (max <= step) {
                return step;
            }
        }
        return (max / 1000 + 1) * 1000;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
