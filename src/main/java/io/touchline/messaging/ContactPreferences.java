package io.touchline.messaging;

import java.sql.Timestamp;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;

/**
 * What a contact wants to receive: the communication type of each template (backing class of
 * processes/communication-type.dmn) and the types a contact opted out of. Account messages
 * (account-specific and renewal) cannot be opted out of.
 */
@Component
public class ContactPreferences {

    public static final String DECISION_KEY = "communication-type";
    public static final String ACCOUNT = "account";

    private final DecisionService decisions;
    private final JdbcTemplate jdbc;

    ContactPreferences(DecisionService decisions, JdbcTemplate jdbc) {
        this.decisions = decisions;
        this.jdbc = jdbc;
    }

    public String typeOf(String template) {
        return decisions.evaluateDecisionTableByKey(DECISION_KEY,
                Variables.createVariables().putValue("template", template)).getSingleResult().getSingleEntry();
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
}
