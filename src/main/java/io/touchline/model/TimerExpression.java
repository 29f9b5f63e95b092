package io.touchline.model;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timer grammar of Touchline's diagrams, read in one place: {@code ${schedule.after(enrolledAt, 'P14D')}} (a
 * day of the journey), {@code ${schedule.before(renewalDate, 'P90D')}} (a step of the renewal countdown),
 * {@code ${schedule.on(renewalDate)}}, {@code ${schedule.due('P3D')}} (a person's step, due on a working day),
 * {@code ${cadence.next(execution.processBusinessKey, 'check-in', 'P1M')}} (a
 * cadence loop's next slot) and a plain duration ({@code P7D}). The calendar plans with it, the Model page says
 * with it what a timer is in business words.
 */
public record TimerExpression(Kind kind, String variable, String period, String cadence, String text) {

    public enum Kind {
        /** A period after a date of the account (enrolment, a request's arrival). */
        AFTER,
        /** A period before a date of the account (the renewal). */
        BEFORE,
        /** On a date of the account. */
        ON,
        /** The next slot of a cadence, in the account's own slot of each period. */
        CADENCE,
        /** A plain duration after the timer is reached. */
        DURATION,
        /** A duration after the timer is reached, ending on a working day (a task's due date). */
        DUE,
        /** Anything else: the diagram's own expression. */
        OTHER
    }

    private static final Pattern AFTER = Pattern.compile("\\$\\{schedule\\.after\\((\\w+),\\s*'([^']+)'\\)}");
    private static final Pattern BEFORE = Pattern.compile("\\$\\{schedule\\.before\\((\\w+),\\s*'([^']+)'\\)}");
    private static final Pattern ON = Pattern.compile("\\$\\{schedule\\.on\\((\\w+)\\)}");
    private static final Pattern DUE = Pattern.compile("\\$\\{schedule\\.due\\('([^']+)'\\)}");
    private static final Pattern NEXT = Pattern.compile(
            "\\$\\{cadence\\.next\\(execution\\.processBusinessKey,\\s*'([^']+)',\\s*'([^']+)'\\)}");

    /** Reads a timer's date expression ({@code duration} false) or duration ({@code duration} true). */
    public static TimerExpression parse(String expression, boolean duration) {
        String text = expression == null ? "" : expression.trim();
        if (duration) {
            return text.startsWith("P") ? new TimerExpression(Kind.DURATION, null, text, null, text)
                    : new TimerExpression(Kind.OTHER, null, null, null, text);
        }
        Matcher m;
        if ((m = AFTER.matcher(text)).matches()) {
            return new TimerExpression(Kind.AFTER, m.group(1), m.group(2), null, text);
        }
        if ((m = BEFORE.matcher(text)).matches()) {
            return new TimerExpression(Kind.BEFORE, m.group(1), m.group(2), null, text);
        }
        if ((m = ON.matcher(text)).matches()) {
            return new TimerExpression(Kind.ON, m.group(1), null, null, text);
        }
        if ((m = NEXT.matcher(text)).matches()) {
            return new TimerExpression(Kind.CADENCE, null, m.group(2), m.group(1), text);
        }
        if ((m = DUE.matcher(text)).matches()) {
            return new TimerExpression(Kind.DUE, null, m.group(1), null, text);
        }
        return new TimerExpression(Kind.OTHER, null, null, null, text);
    }

    /**
     * In a CS team's words: "day 14 after enrolment", "90 days before the renewal", "on the renewal date",
     * "check-in every month (P1M)", "7 days later"; an expression Touchline does not know is shown as written.
     */
    public String describe() {
        return switch (kind) {
            case AFTER -> "enrolledAt".equals(variable) ? "day " + days(period) + " after enrolment"
                    : words(period) + " after " + dateWords(variable);
            case BEFORE -> words(period) + " before " + dateWords(variable);
            case ON -> "on " + dateWords(variable);
            case CADENCE -> cadence + " " + every(period) + " (" + period + ")";
            case DURATION -> words(period) + " later";
            case DUE -> words(period) + " later, on a working day";
            case OTHER -> text;
        };
    }

    /** "every month", "every 2 weeks", "every 6 months", "every 3 days". */
    public static String every(String period) {
        String words = words(period, true);
        return words.startsWith("1 ") ? "every " + words.substring(2) : "every " + words;
    }

    static String words(String period) {
        return words(period, false);
    }

    /** "1 month", "14 days" (or "2 weeks" when {@code weeks}), "1 year"; else as written. */
    static String words(String period, boolean weeks) {
        try {
            Period p = Period.parse(period);
            if (p.getYears() > 0 && p.getMonths() == 0 && p.getDays() == 0) {
                return plural(p.getYears(), "year");
            }
            if (p.getYears() == 0 && p.getMonths() > 0 && p.getDays() == 0) {
                return plural(p.getMonths(), "month");
            }
            if (p.toTotalMonths() == 0 && p.getDays() > 0) {
                return weeks && p.getDays() % 7 == 0 ? plural(p.getDays() / 7, "week") : plural(p.getDays(), "day");
            }
        } catch (DateTimeParseException | NullPointerException e) {
            // shown as the diagram writes it
        }
        return String.valueOf(period);
    }

    private static String days(String period) {
        try {
            Period p = Period.parse(period);
            if (p.toTotalMonths() == 0) {
                return String.valueOf(p.getDays());
            }
        } catch (DateTimeParseException e) {
            // as written
        }
        return period;
    }

    private static String plural(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String dateWords(String variable) {
        return switch (variable) {
            case "renewalDate" -> "the renewal date";
            case "enrolledAt" -> "enrolment";
            case "receivedAt" -> "the request";
            default -> variable;
        };
    }
}
