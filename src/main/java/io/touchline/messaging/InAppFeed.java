package io.touchline.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import io.touchline.EngineClock;

/** The per-account in-app feed (in_app_message) the product reads. */
@Repository
public class InAppFeed {

    public record Message(long id, String template, String title, String body, Instant createdAt, Instant seenAt) {
    }

    private final JdbcTemplate jdbc;

    InAppFeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(String key, long accountId, String template, String title, String body) {
        jdbc.update("insert into in_app_message (message_key, account_id, template, title, body, created_at) "
                + "values (?, ?, ?, ?, ?, ?)", key, accountId, template, title, body, Timestamp.from(EngineClock.now()));
    }

    int count(long accountId, String keyPrefix) {
        Integer n = jdbc.queryForObject("select count(*) from in_app_message where account_id = ? and message_key like ?",
                Integer.class, accountId, keyPrefix.replace("%", "") + "%");
        return n == null ? 0 : n;
    }

    boolean exists(String key) {
        Integer n = jdbc.queryForObject("select count(*) from in_app_message where message_key = ?", Integer.class, key);
        return n != null && n > 0;
    }

    public List<Message> of(long accountId, boolean unseenOnly) {
        return jdbc.query("select * from in_app_message where account_id = ?"
                + (unseenOnly ? " and seen_at is null" : "") + " order by created_at, id",
                (rs, row) -> new Message(rs.getLong("id"), rs.getString("template"), rs.getString("title"),
                        rs.getString("body"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("seen_at") == null ? null : rs.getTimestamp("seen_at").toInstant()),
                accountId);
    }

    /** Idempotent; false if the account has no such message. */
    public boolean markSeen(long accountId, long messageId) {
        int found = jdbc.update("update in_app_message set seen_at = coalesce(seen_at, ?) where id = ? and account_id = ?",
                Timestamp.from(EngineClock.now()), messageId, accountId);
        return found > 0;
    }
}
