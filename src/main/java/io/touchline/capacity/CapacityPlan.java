package io.touchline.capacity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.touchline.account.Tier;

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
            // what the tier really takes of a CSM, and what the diagrams automate, before the ratio
            double hours = hoursPerAccountWeek * accounts;
            if (hours < 0.05) {
                return "Within capacity: " + label + " is automated: its journey plans no CSM time for its " + accounts
                        + " accounts in this period.";
            }
            String takes = label + " takes " + whole(hours) + " CSM hours a week for " + accounts + " accounts ("
                    + perAccount(hoursPerAccountWeek) + " per account); the rest of its journey is automated";
            return overCapacity()
                    ? "Over capacity: " + takes + "; you have 1 CSM per " + whole(accountsPerCsmToday)
                            + " of them, and the planned hours allow only " + whole(accountsPerCsmTheModelAllows) + "."
                    : "Within capacity: " + takes + "; you have 1 CSM per " + whole(accountsPerCsmToday) + " of them.";
        }
    }

    /** The active accounts of one tier an owner (a dedicated CSM, a pod, a pool) has. */
    public record BookRow(String owner, String tier, int accounts) {
    }

    /**
     * One owner's book of a tier against the guides' range: {@code perCsm} accounts for each of its
     * {@code csms} people; {@code guidePerCsm} and {@code guidePerGroup} the ranges (null where the
     * guides give none); {@code verdict} below, within, above or no range.
     */
    public record Book(String owner, String name, String tier, int accounts, int csms, int perCsm, String guidePerCsm,
            String guidePerGroup, String verdict) {
        public boolean outOfRange() {
            return verdict.equals("below") || verdict.equals("above");
        }

        public String message() {
            String book = name + ": " + accounts + " " + tier + " accounts" + (csms > 1 ? ", " + perCsm + " per CSM" : "");
            if (guidePerCsm == null && guidePerGroup == null) {
                return book + " (the guides give no book size for this tier).";
            }
            String guide = (guidePerGroup != null ? guidePerGroup + " per pod or pool" : "")
                    + (guidePerGroup != null && guidePerCsm != null ? ", " : "")
                    + (guidePerCsm != null ? guidePerCsm + " per CSM" : "");
            return book + "; the guides give " + guide + ": " + switch (verdict) {
                case "below" -> "below the range, room for more accounts.";
                case "above" -> "above the range, more than the guides' CSMs carry.";
                default -> "within the range.";
            };
        }
    }

    /** {@code csms} is one page of {@code totalCsms}, the most over capacity first. */
    public record Plan(List<LocalDate> weeks, List<Csm> csms, int totalCsms, int page, int pages, int pageSize,
            List<TierCheck> checks, List<Book> books) {
        public boolean anyOverCapacity() {
            return csms.stream().anyMatch(c -> c.weeksOver() > 0) || checks.stream().anyMatch(TierCheck::overCapacity);
        }
    }

    /** Touches of one week, owner (a CSM or a group), kind and account tier (from the planned touches). */
    public record Load(LocalDate week, String owner, String kind, String tier, int touches) {
    }

    private final CapacityProperties capacity;
    private final Team team;

    CapacityPlan(CapacityProperties capacity, Team team) {
        this.capacity = capacity;
        this.team = team;
    }

    public static LocalDate mondayOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /**
     * The plan over {@code weeks} weeks from the week of {@code from}, for the human touches in
     * {@code loads} of a book with {@code accountsPerTier} active accounts; page {@code page} (from 1)
     * of {@code pageSize} CSMs.
     */
    public Plan of(List<Load> loads, Map<String, Integer> accountsPerTier, LocalDate from, int weeks, int page, int pageSize) {
        return of(loads, accountsPerTier, List.of(), from, weeks, page, pageSize);
    }

    /** As above, with each owner's book ({@code books}) against the guides' book sizes. */
    public Plan of(List<Load> loads, Map<String, Integer> accountsPerTier, List<BookRow> books, LocalDate from, int weeks,
            int page, int pageSize) {
        List<LocalDate> mondays = new ArrayList<>();
        for (int i = 0; i < weeks; i++) {
            mondays.add(mondayOf(from).plusWeeks(i));
        }
        Team.Roster roster = team.roster();
        Map<String, Map<LocalDate, double[]>> load = new TreeMap<>();
        for (Load l : loads) {
            if (l.owner() == null || l.owner().isEmpty()) {
                continue;
            }
            Set<String> people = roster.peopleOf(l.owner());
            double hours = capacity.effortOf(l.kind()) * l.touches();
            for (String person : people) {
                double[] week = load.computeIfAbsent(person, k -> new TreeMap<>()).computeIfAbsent(mondayOf(l.week()), k -> new double[2]);
                week[0] += hours / people.size();
                week[1] += (double) l.touches() / people.size();
            }
        }
        List<Csm> csms = new ArrayList<>();
        load.forEach((person, byWeek) -> {
            double available = capacity.weeklyHoursOf(person);
            List<Week> rows = mondays.stream().map(m -> {
                double[] w = byWeek.getOrDefault(m, new double[2]);
                return new Week(m, round(w[0]), available, (int) Math.round(w[1]));
            }).toList();
            csms.add(new Csm(person, roster.nameOf(person), available, rows));
        });
        csms.sort(java.util.Comparator.comparingLong(Csm::weeksOver).reversed()
                .thenComparing(java.util.Comparator.comparingDouble(Csm::peakHours).reversed()).thenComparing(Csm::id));
        int size = Math.max(1, pageSize);
        int pages = Math.max(1, (csms.size() + size - 1) / size);
        int shown = Math.min(Math.max(1, page), pages);
        List<Csm> onPage = csms.subList(Math.min(csms.size(), (shown - 1) * size), Math.min(csms.size(), shown * size));
        return new Plan(mondays, List.copyOf(onPage), csms.size(), shown, pages, size,
                checks(loads, accountsPerTier, weeks, roster), books(books, roster));
    }

    /** Each owner's book against the guides' range, those out of range first. */
    private List<Book> books(List<BookRow> rows, Team.Roster roster) {
        List<Book> books = new ArrayList<>();
        for (BookRow row : rows) {
            boolean person = roster.names().containsKey(row.owner());
            int people = person ? 1 : Math.max(1, roster.peopleOf(row.owner()).size());
            double perCsm = (double) row.accounts() / people;
            var csmRange = capacity.bookSizePerCsmOf(row.tier());
            var groupRange = person ? java.util.Optional.<CapacityProperties.Range>empty() : capacity.bookSizePerGroupOf(row.tier());
            String verdict = csmRange.isEmpty() && groupRange.isEmpty() ? "no range"
                    : csmRange.map(r -> r.below(perCsm)).orElse(false) || groupRange.map(r -> r.below(row.accounts())).orElse(false)
                            ? "below"
                            : csmRange.map(r -> r.above(perCsm)).orElse(false)
                                    || groupRange.map(r -> r.above(row.accounts())).orElse(false) ? "above" : "within";
            books.add(new Book(row.owner(), roster.nameOf(row.owner()), row.tier(), row.accounts(), people,
                    (int) Math.round(perCsm), csmRange.map(Object::toString).orElse(null),
                    groupRange.map(Object::toString).orElse(null), verdict));
        }
        books.sort(java.util.Comparator.comparing((Book b) -> !b.outOfRange()).thenComparing(Book::tier).thenComparing(Book::owner));
        return books;
    }

    /** Per tier with human touches: hours the model asks per account and week against the team. */
    private List<TierCheck> checks(List<Load> loads, Map<String, Integer> accountsPerTier, int weeks, Team.Roster roster) {
        List<TierCheck> checks = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            int accounts = accountsPerTier.getOrDefault(tier.code(), 0);
            if (accounts == 0) {
                continue;
            }
            List<Load> ofTier = loads.stream().filter(l -> l.tier().equals(tier.code()) && l.owner() != null && !l.owner().isEmpty()).toList();
            double hours = ofTier.stream().mapToDouble(l -> capacity.effortOf(l.kind()) * l.touches()).sum();
            Set<String> people = new TreeSet<>();
            ofTier.forEach(l -> people.addAll(roster.peopleOf(l.owner())));
            if (hours == 0 || people.isEmpty()) {
                continue; // no human cadence (tech-touch): nothing to staff
            }
            double perAccountWeek = hours / accounts / weeks;
            double available = people.stream().mapToDouble(capacity::weeklyHoursOf).average().orElse(capacity.weeklyHours());
            checks.add(new TierCheck(tier.code(), accounts, people.size(), round(perAccountWeek),
                    available / perAccountWeek, (double) accounts / people.size()));
        }
        return checks;
    }

    private static double round(double hours) {
        return Math.round(hours * 100) / 100.0;
    }

    /** An account's CSM time a week in the unit a person would say it: "1.5 h", "12 min". */
    static String perAccount(double hours) {
        return hours >= 1 ? whole(hours) + " h" : hours * 60 >= 1 ? whole(hours * 60) + " min" : "under a minute";
    }

    static String whole(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
