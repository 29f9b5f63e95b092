package io.touchline.capacity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

import io.touchline.account.Account;
import io.touchline.account.Tier;
import io.touchline.calendar.TouchCalendar.Touch;

/**
 * Planned hours against available hours, per CSM and week, from the calendar's human touches and
 * the effort per kind of touch. A touch for a group (a pod, the scale pool) is shared by its
 * members in equal parts. The capacity check compares what the touch model asks per account of a
 * tier with the accounts each CSM of that tier carries.
 */
@Component
public class CapacityPlan {

    /** One CSM's week. */
    public record Week(LocalDate monday, double plannedHours, double availableHours, int touches) {
        public boolean overCapacity() {
            return plannedHours > availableHours + 1e-9;
        }
    }

    public record Csm(String id, String name, double weeklyHours, List<Week> weeks) {
        public long weeksOver() {
            return weeks.stream().filter(Week::overCapacity).count();
        }

        public double peakHours() {
            return weeks.stream().mapToDouble(Week::plannedHours).max().orElse(0);
        }
    }

    /**
     * The model asks {@code hoursPerAccountWeek} of a tier's account; one CSM can carry
     * {@code accountsPerCsmTheModelAllows}; the team has one per {@code accountsPerCsmToday}.
     */
    public record TierCheck(String tier, int accounts, int csms, double hoursPerAccountWeek,
            double accountsPerCsmTheModelAllows, double accountsPerCsmToday) {
        public boolean overCapacity() {
            return csms > 0 && accountsPerCsmToday > accountsPerCsmTheModelAllows + 1e-9;
        }

        public String message() {
            String label = tier;
            if (csms == 0) {
                return "The " + label + " model plans no CSM time in this period.";
            }
            String needs = "this model needs 1 CSM per " + whole(accountsPerCsmTheModelAllows) + " " + label
                    + " accounts; you have 1 per " + whole(accountsPerCsmToday);
            return overCapacity() ? "Over capacity: " + needs + "." : "Within capacity: " + needs + ".";
        }
    }

    public record Plan(List<LocalDate> weeks, List<Csm> csms, List<TierCheck> checks) {
        public boolean anyOverCapacity() {
            return csms.stream().anyMatch(c -> c.weeksOver() > 0) || checks.stream().anyMatch(TierCheck::overCapacity);
        }
    }

    private final CapacityProperties capacity;
    private final IdentityService identity;

    CapacityPlan(CapacityProperties capacity, IdentityService identity) {
        this.capacity = capacity;
        this.identity = identity;
    }

    public static LocalDate mondayOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The plan over {@code weeks} weeks from the week of {@code from}, for the touches of {@code book}. */
    public Plan of(List<Touch> touches, Collection<Account> book, LocalDate from, int weeks) {
        List<LocalDate> mondays = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            mondays.add(mondayOf(from).plusWeeks(i));
        }
        Map<String, Map<LocalDate, double[]>> load = new TreeMap<>();
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (Touch touch : touches) {
            if (!touch.human() || touch.owner() == null) {
                continue;
            }
            LocalDate monday = mondayOf(touch.date());
            Set<String> people = peopleOf(touch.owner(), members);
            for (String person : people) {
                double[] week = load.computeIfAbsent(person, k -> new TreeMap<>()).computeIfAbsent(monday, k -> new double[2]);
                week[0] += touch.hours() / people.size();
                week[1] += 1;
            }
        }
        List<Csm> csms = new ArrayList<>();
        load.forEach((person, byWeek) -> {
            double available = capacity.weeklyHoursOf(person);
            List<Week> rows = mondays.stream().map(m -> {
                double[] w = byWeek.getOrDefault(m, new double[2]);
                return new Week(m, round(w[0]), available, (int) w[1]);
            }).toList();
            csms.add(new Csm(person, nameOf(person), available, rows));
        });
        return new Plan(mondays, csms, checks(touches, book, weeks, members));
    }

    /** Per tier with human touches: hours the model asks per account and week against the team. */
    private List<TierCheck> checks(List<Touch> touches, Collection<Account> book, int weeks, Map<String, Set<String>> members) {
        List<TierCheck> checks = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            List<Account> accounts = book.stream().filter(a -> a.isActive() && a.tier() == tier).toList();
            if (accounts.isEmpty()) {
                continue;
            }
            double hours = touches.stream().filter(t -> t.human() && t.tier().equals(tier.code())).mapToDouble(Touch::hours).sum();
            Set<String> people = new TreeSet<>();
            touches.stream().filter(t -> t.human() && t.tier().equals(tier.code()) && t.owner() != null)
                    .forEach(t -> people.addAll(peopleOf(t.owner(), members)));
            if (hours == 0 || people.isEmpty()) {
                continue; // no human cadence (tech-touch): nothing to staff
            }
            double perAccountWeek = hours / accounts.size() / weeks;
            double available = people.stream().mapToDouble(capacity::weeklyHoursOf).average().orElse(capacity.weeklyHours());
            checks.add(new TierCheck(tier.code(), accounts.size(), people.size(), round(perAccountWeek),
                    available / perAccountWeek, (double) accounts.size() / people.size()));
        }
        return checks;
    }

    /** The people behind an owner: the CSM, or every member of the group. */
    private Set<String> peopleOf(String owner, Map<String, Set<String>> cache) {
        return cache.computeIfAbsent(owner, id -> {
            if (identity.createUserQuery().userId(id).count() > 0) {
                return Set.of(id);
            }
            Set<String> users = new TreeSet<>();
            identity.createUserQuery().memberOfGroup(id).list().forEach(u -> users.add(u.getId()));
            return users.isEmpty() ? Set.of(id) : users;
        });
    }

    private String nameOf(String person) {
        User user = identity.createUserQuery().userId(person).singleResult();
        if (user == null) {
            return person;
        }
        String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).trim();
        return name.isEmpty() ? person : name;
    }

    private static double round(double hours) {
        return Math.round(hours * 100) / 100.0;
    }

    static String whole(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
