package io.touchline.capacity;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * touchline.capacity.*: what a human touch costs and what a CSM has. {@code effortHours} per kind
 * of touch (the form a task opens: check-in-call, business-review, ...); a task without an
 * estimate counts {@code defaultEffortHours}. {@code weeklyHours} is a CSM's time for planned
 * touches in a week, per user in {@code csmWeeklyHours} where it differs (part-time, team lead).
 * {@code bookSizePerCsm} and {@code bookSizePerGroup} are the guides' book sizes per tier ("15-30"
 * accounts per dedicated CSM, "200-300" per pod), against which each owner's book is shown.
 */
@ConfigurationProperties("touchline.capacity")
public record CapacityProperties(Map<String, Double> effortHours, double defaultEffortHours, double weeklyHours,
        Map<String, Double> csmWeeklyHours, Map<String, String> bookSizePerCsm, Map<String, String> bookSizePerGroup) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public CapacityProperties {
        effortHours = effortHours == null ? Map.of() : Map.copyOf(effortHours);
        csmWeeklyHours = csmWeeklyHours == null ? Map.of() : Map.copyOf(csmWeeklyHours);
        bookSizePerCsm = bookSizePerCsm == null ? Map.of() : Map.copyOf(bookSizePerCsm);
        bookSizePerGroup = bookSizePerGroup == null ? Map.of() : Map.copyOf(bookSizePerGroup);
        java.util.stream.Stream.concat(bookSizePerCsm.entrySet().stream(), bookSizePerGroup.entrySet().stream())
                .forEach(e -> Range.parse(e.getKey(), e.getValue()));
        defaultEffortHours = defaultEffortHours > 0 ? defaultEffortHours : 0.5;
        weeklyHours = weeklyHours > 0 ? weeklyHours : 25;
    }

    public CapacityProperties(Map<String, Double> effortHours, double defaultEffortHours, double weeklyHours,
            Map<String, Double> csmWeeklyHours) {
        this(effortHours, defaultEffortHours, weeklyHours, csmWeeklyHours, Map.of(), Map.of());
    }

    /** A book size range from the guides, such as 15-30 accounts. */
    public record Range(int min, int max) {
        static Range parse(String tier, String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*").matcher(text);
            if (!m.matches() || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
                throw new IllegalArgumentException("touchline.capacity book size of " + tier + ": '" + text
                        + "' is not a range such as 15-30");
            }
            return new Range(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }

        public boolean below(double value) {
            return value < min;
        }

        public boolean above(double value) {
            return value > max;
        }

        @Override
        public String toString() {
            return min + "-" + max;
        }
    }

    /** The guides' accounts per CSM of a tier, if they give one. */
    public java.util.Optional<Range> bookSizePerCsmOf(String tier) {
        return java.util.Optional.ofNullable(bookSizePerCsm.get(tier)).map(r -> Range.parse(tier, r));
    }

    /** The guides' accounts per pod or pool of a tier, if they give one. */
    public java.util.Optional<Range> bookSizePerGroupOf(String tier) {
        return java.util.Optional.ofNullable(bookSizePerGroup.get(tier)).map(r -> Range.parse(tier, r));
    }

    /** Hours one touch of this kind takes (the task's form key). */
    public double effortOf(String kind) {
        return kind == null ? defaultEffortHours : effortHours.getOrDefault(kind, defaultEffortHours);
    }

    /** Hours a CSM has for planned touches in a week. */
    public double weeklyHoursOf(String csm) {
        return csmWeeklyHours.getOrDefault(csm, weeklyHours);
    }
}
