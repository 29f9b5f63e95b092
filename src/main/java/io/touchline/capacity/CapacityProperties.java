package io.touchline.capacity;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * touchline.capacity.*: what a human touch costs and what a CSM has. {@code effortHours} per kind
 * of touch (the form a task opens: check-in-call, business-review, ...); a task without an
 * estimate counts {@code defaultEffortHours}. {@code weeklyHours} is a CSM's time for planned
 * touches in a week, per user in {@code csmWeeklyHours} where it differs (part-time, team lead).
 */
@ConfigurationProperties("touchline.capacity")
public record CapacityProperties(Map<String, Double> effortHours, double defaultEffortHours, double weeklyHours,
        Map<String, Double> csmWeeklyHours) {

    public CapacityProperties {
        effortHours = effortHours == null ? Map.of() : Map.copyOf(effortHours);
        csmWeeklyHours = csmWeeklyHours == null ? Map.of() : Map.copyOf(csmWeeklyHours);
        defaultEffortHours = defaultEffortHours > 0 ? defaultEffortHours : 0.5;
        weeklyHours = weeklyHours > 0 ? weeklyHours : 25;
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
