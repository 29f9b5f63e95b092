package io.touchline.messaging;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Period;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.touchline.EngineClock;
import io.touchline.model.DecisionTables;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;

/**
 * What a contact wants to receive, as they set it on the preference page or by one click: per
 * communication type in or out and how often at most, and the channel they prefer. Which type a
 * template is, and its send day, come from processes/communication-type.dmn. Account messages
 * (account-specific and renewal) cannot be opted out of. Every contact is in for every type until
 * they opt out.
 */
@Component
public class ContactPreferences {

    public static final String DECISION_KEY = "communication-type";
    public static final String ACCOUNT = "account";

    /** The types a contact chooses on the preference page, in the order shown. */
    public enum Type {
        PRODUCT_UPDATES("product-updates", "Product updates", "What is new in the product, when there is a real release"),
        EDUCATIONAL("educational", "Tips and best practices", "Getting-started series, tips and how-tos"),
        TRAINING("training", "Training and webinar invitations", "Live webinars and training sessions, with reminders"),
        PROMOTIONAL("promotional", "Offers and requests", "Upgrade offers, case-study and review requests"),
        NEWSLETTER("newsletter", "Newsletter", "Our customer newsletter");

        public final String code;
        public final String label;
        public final String description;

        Type(String code, String label, String description) {
            this.code = code;
            this.label = label;
            this.description = description;
        }

        public static Optional<Type> of(String code) {
            return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
        }
    }

    /** At most how often a contact wants a type; none set means as often as the journeys send it. */
    public enum Frequency {
        DAILY("daily", "At most daily", Period.ofDays(1)),
        WEEKLY("weekly", "At most weekly", Period.ofWeeks(1)),
        BI_WEEKLY("bi-weekly", "At most every two weeks", Period.ofWeeks(2)),
        MONTHLY("monthly", "At most monthly", Period.ofMonths(1)),
        QUARTERLY("quarterly", "At most quarterly", Period.ofMonths(3));

        public final String code;
        public final String label;
        public final Period period;

        Frequency(String code, String label, Period period) {
            this.code = code;
            this.label = label;
            this.period = period;
        }

        public static Optional<Frequency> of(String code) {
            return Arrays.stream(values()).filter(f -> f.code.equals(code)).findFirst();
        }
    }

    /** Email and in-app are what automated touches use; phone and Slack are recorded for the CSM. */
    public enum Channel {
        EMAIL("email", "Email"), IN_APP("in-app", "In the app"), PHONE("phone", "Phone call"), SLACK("slack", "Slack");

        public final String code;
        public final String label;

        Channel(String code, String label) {
            this.code = code;
            this.label = label;
        }

        public static Optional<Channel> of(String code) {
            return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
        }
    }

    /** What communication-type.dmn says about a template. */
    public record Rule(String type, DayOfWeek sendOn) {
    }

    /** One type's choice: in or out, and at most how often (null: as the journeys send). */
    public record Choice(Type type, boolean subscribed, Frequency frequency) {
    }

    public record Choices(List<Choice> types, Channel channel) {
        public Choice of(Type type) {
            return types.stream().filter(c -> c.type() == type).findFirst().orElseThrow();
        }
    }

    private final DecisionTables decisions;
    private final JdbcTemplate jdbc;
    private final TouchpointRepository touchpoints;

    ContactPreferences(DecisionTables decisions, JdbcTemplate jdbc, TouchpointRepository touchpoints) {
        this.decisions = decisions;
        this.jdbc = jdbc;
        this.touchpoints = touchpoints;
    }

    public Rule ruleOf(String template) {
        Map<String, Object> entry = decisions.first(DECISION_KEY, Map.of("template", template))
                .orElseThrow(() -> new IllegalStateException("communication-type.dmn has no rule for template " + template));
        Object sendOn = entry.get("sendOn");
        return new Rule(String.valueOf(entry.get("communicationType")),
                sendOn == null || sendOn.toString().isBlank() ? null : DayOfWeek.valueOf(sendOn.toString().trim().toUpperCase(Locale.ROOT)));
    }

    public String typeOf(String template) {
        return ruleOf(template).type();
    }

    public static String dayName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    public static boolean canOptOut(String type) {
        return !ACCOUNT.equals(type);
    }

    public boolean optedOut(String email, String type) {
        Integer n = jdbc.queryForObject("select count(*) from contact_opt_out where email = ? and type = ?",
                Integer.class, email.toLowerCase(), type);
        return n != null && n > 0;
    }

    /** Idempotent: a second opt-out of the same type changes nothing. */
    public void optOut(String email, String type) {
        if (!canOptOut(type)) {
            throw new IllegalArgumentException(type + " messages cannot be opted out of");
        }
        if (!optedOut(email, type)) {
            jdbc.update("insert into contact_opt_out (email, type, opted_out_at) values (?, ?, ?)",
                    email.toLowerCase(), type, Timestamp.from(EngineClock.now()));
        }
    }

    /** Everything the contact chose, read at once: every email step asks it. */
    public Choices choicesOf(String email) {
        String address = email.toLowerCase();
        Set<String> out = new HashSet<>();
        Map<String, Frequency> frequencies = new HashMap<>();
        Channel[] channel = {Channel.EMAIL};
        jdbc.query("""
                select 'out' as what, type, cast(null as varchar(30)) as choice from contact_opt_out where email = ?
                union all select 'frequency', type, frequency from contact_frequency where email = ?
                union all select 'channel', cast(null as varchar(30)), channel from contact_channel where email = ?""",
                (RowCallbackHandler) rs -> {
                    switch (rs.getString("what")) {
                        case "out" -> out.add(rs.getString("type"));
                        case "frequency" -> {
                            String type = rs.getString("type");
                            Frequency.of(rs.getString("choice")).ifPresent(f -> frequencies.put(type, f));
                        }
                        default -> Channel.of(rs.getString("choice")).ifPresent(c -> channel[0] = c);
                    }
                }, address, address, address);
        List<Choice> types = Arrays.stream(Type.values())
                .map(t -> new Choice(t, !out.contains(t.code), frequencies.get(t.code))).toList();
        return new Choices(types, channel[0]);
    }

    /** Saves the whole page at once; what did not change stays as it was (opt-out dates kept). */
    @Transactional
    public void save(String email, Choices choices) {
        String address = email.toLowerCase();
        Timestamp now = Timestamp.from(EngineClock.now());
        for (Choice choice : choices.types()) {
            if (choice.subscribed()) {
                jdbc.update("delete from contact_opt_out where email = ? and type = ?", address, choice.type().code);
            } else {
                optOut(address, choice.type().code);
            }
            jdbc.update("delete from contact_frequency where email = ? and type = ?", address, choice.type().code);
            if (choice.frequency() != null) {
                jdbc.update("insert into contact_frequency (email, type, frequency, updated_at) values (?, ?, ?, ?)",
                        address, choice.type().code, choice.frequency().code, now);
            }
        }
        jdbc.update("delete from contact_channel where email = ?", address);
        if (choices.channel() != Channel.EMAIL) {
            jdbc.update("insert into contact_channel (email, channel, updated_at) values (?, ?, ?)", address,
                    choices.channel().code, now);
        }
        // the CSM sees the change, and a phone or Slack preference, on each account's timeline
        String summary = describe(address, choices);
        for (Long account : jdbc.queryForList("select distinct account_id from contact where lower(email) = ?", Long.class, address)) {
            touchpoints.save(new Touchpoint(null, account, "preferences", "Email preferences changed", "web", address,
                    "changed", summary, null, null, null, EngineClock.now()));
        }
    }

    static String describe(String email, Choices choices) {
        StringBuilder text = new StringBuilder(email).append(" set their preferences: ");
        text.append(choices.types().stream().map(c -> c.type().label + " " + (!c.subscribed() ? "off"
                : c.frequency() == null ? "on" : c.frequency().label.toLowerCase(Locale.ROOT))).collect(java.util.stream.Collectors.joining("; ")));
        text.append(". Preferred channel: ").append(choices.channel().label).append('.');
        return text.toString();
    }
}
