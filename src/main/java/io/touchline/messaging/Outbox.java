package io.touchline.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The outbox_message table. */
@Repository
public class Outbox {

    private final JdbcTemplate jdbc;

    Outbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(OutboxMessage m) {
        jdbc.update("""
                insert into outbox_message (id, account_id, template, title, from_name, from_address, reply_to,
                    recipient_name, recipient, subject, text_body, html_body, created_at, next_attempt_at, attempts,
                    communication_type, unsubscribe_url)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""",
                m.id(), m.accountId(), m.template(), m.title(), m.fromName(), m.fromAddress(), m.replyTo(),
                m.recipientName(), m.recipient(), m.subject(), m.textBody(), m.htmlBody(), ts(m.createdAt()),
                ts(m.nextAttemptAt()), m.communicationType(), m.unsubscribeUrl());
    }

    /** One message by its id (account / activity / occurrence). */
    Optional<OutboxMessage> find(String id) {
        return jdbc.query("select * from outbox_message where id = ?", Outbox::map, id).stream().findFirst();
    }

    /**
     * Holds the account's row until the transaction ends: the account's journeys (its tier journey,
     * the countdown it calls, its event touches) may run steps at the same time, and two emails of one
     * account are decided one after the other (their numbering, the frequency cap, the send window).
     */
    void lockAccount(long accountId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            @SuppressWarnings("unchecked")
            java.util.Set<Long> locked = (java.util.Set<Long>) TransactionSynchronizationManager.getResource(LOCKED);
            if (locked == null) {
                locked = new java.util.HashSet<>();
                TransactionSynchronizationManager.bindResource(LOCKED, locked);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(LOCKED);
                    }
                });
            }
            if (!locked.add(accountId)) {
                return; // this transaction holds it already
            }
        }
        jdbc.queryForList("select id from account where id = ? for update", Long.class, accountId);
    }

    private static final String LOCKED = Outbox.class.getName() + ".lockedAccounts";

    /** The account's messages of this step so far (the occurrence in the id) and of this template (series content). */
    int[] countsFor(long accountId, String idPrefix, String template) {
        return jdbc.queryForObject("select coalesce(sum(case when id like ? then 1 else 0 end), 0), "
                + "coalesce(sum(case when template = ? then 1 else 0 end), 0) from outbox_message where account_id = ?",
                (rs, n) -> new int[] {rs.getInt(1), rs.getInt(2)}, idPrefix.replace("%", "") + "%", template, accountId);
    }

    /**
     * When the contact's opt-out-able emails went, or are held to go, since {@code since}, oldest
     * first: what the frequency cap counts. Failed messages never reached them and do not count.
     * Emails other teams sent them (a newsletter, a product announcement: {@link ExternalTouches})
     * count too, except answers to their own requests and account notices.
     */
    List<Instant> cappedSince(String recipient, Instant since) {
        return jdbc.query("""
                select at from (
                  select coalesce(sent_at, next_attempt_at) as at from outbox_message
                  where recipient = ? and communication_type <> 'account' and failed_at is null
                    and coalesce(sent_at, next_attempt_at) >= ?
                  union all
                  select occurred_at as at from external_touch
                  where recipient = ? and channel = 'email' and kind not in ('reactive', 'transactional')
                    and occurred_at >= ?) capped
                order by at""", (rs, row) -> rs.getTimestamp("at").toInstant(), recipient, ts(since), recipient, ts(since));
    }

    /** When the contact's latest email of this type went or is held to go, if they had one. */
    java.util.Optional<Instant> latestOfType(String recipient, String type) {
        return jdbc.query("""
                select max(coalesce(sent_at, next_attempt_at)) as at from outbox_message
                where recipient = ? and communication_type = ? and failed_at is null""",
                (rs, row) -> instant(rs, "at"), recipient, type).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * Claims up to {@code limit} due messages for one dispatch until {@code until} and returns them.
     * The claim condition is repeated outside the sub-select: a node that waited for another
     * node's row lock sees the row claimed and leaves it.
     */
    List<OutboxMessage> claimDue(String claim, Instant now, Instant until, int limit) {
        jdbc.update("""
                update outbox_message set claimed_by = ?, claimed_until = ?
                where sent_at is null and failed_at is null and next_attempt_at <= ?
                  and (claimed_until is null or claimed_until < ?)
                  and id in (select id from outbox_message
                             where sent_at is null and failed_at is null and next_attempt_at <= ?
                               and (claimed_until is null or claimed_until < ?)
                             order by next_attempt_at, seq fetch first ? rows only)""",
                claim, ts(until), ts(now), ts(now), ts(now), ts(now), limit);
        return jdbc.query("select * from outbox_message where claimed_by = ? and sent_at is null and failed_at is null "
                + "order by next_attempt_at, seq", Outbox::map, claim);
    }

    /**
     * Keeps a live dispatch's claim: every message of {@code claim} not yet sent or failed is held
     * until {@code until}. Returns the ids still held by this claim; a message missing from it was
     * taken over by another node after this claim had expired (this node was paused), and must not
     * be sent here.
     */
    Set<String> renewClaim(String claim, Instant until) {
        jdbc.update("update outbox_message set claimed_until = ? where claimed_by = ? and sent_at is null and failed_at is null",
                ts(until), claim);
        return new HashSet<>(jdbc.queryForList("select id from outbox_message where claimed_by = ? and sent_at is null "
                + "and failed_at is null", String.class, claim));
    }

    /**
     * Takes back the messages whose id starts with {@code idPrefix} that have not gone yet (held for
     * a send window, or waiting for a retry): they are marked failed with the reason and never sent.
     * A message a dispatcher is sending at this moment is left to it. Returns the ones taken back.
     */
    List<OutboxMessage> withdraw(String idPrefix, String reason, Instant now) {
        List<OutboxMessage> unsent = jdbc.query("""
                select * from outbox_message
                where id like ? and sent_at is null and failed_at is null
                  and (claimed_until is null or claimed_until < ?)""",
                Outbox::map, idPrefix.replace("%", "") + "%", ts(now));
        return unsent.stream().filter(m -> jdbc.update("""
                update outbox_message set failed_at = ?, last_error = ?
                where id = ? and sent_at is null and failed_at is null
                  and (claimed_until is null or claimed_until < ?)""",
                ts(now), truncate(reason), m.id(), ts(now)) == 1).toList();
    }

    /** Messages held for their recipient's send window or the frequency cap, soonest first. */
    public List<OutboxMessage> held(Instant now, int limit) {
        return jdbc.query("select * from outbox_message where sent_at is null and failed_at is null and attempts = 0 "
                + "and next_attempt_at > ? order by next_attempt_at, seq fetch first ? rows only", Outbox::map, ts(now), limit);
    }

    /** The demo's "send held emails now": every held message becomes due at once. */
    public int releaseHeld(Instant now) {
        return jdbc.update("update outbox_message set next_attempt_at = ? where sent_at is null and failed_at is null "
                + "and attempts = 0 and next_attempt_at > ?", ts(now), ts(now));
    }

    /** Messages not yet delivered (waiting, retrying): what an outage holds back. */
    public int pending() {
        Integer n = jdbc.queryForObject("select count(*) from outbox_message where sent_at is null and failed_at is null",
                Integer.class);
        return n == null ? 0 : n;
    }

    /** Of these recipients, the (lower-case) addresses that are suppressed (one query for a batch). */
    java.util.Set<String> suppressedOf(java.util.Collection<String> recipients) {
        if (recipients.isEmpty()) {
            return java.util.Set.of();
        }
        List<String> lower = recipients.stream().map(String::toLowerCase).distinct().toList();
        String marks = String.join(",", java.util.Collections.nCopies(lower.size(), "?"));
        return new java.util.HashSet<>(jdbc.queryForList("select address from email_suppression where address in (" + marks + ")",
                String.class, lower.toArray()));
    }

    /**
     * PostgreSQL only: this transaction's commit does not wait for the disk (synchronous_commit off).
     * The commit is in the server's memory and written within a fraction of a second.
     */
    void commitWithoutWaitingForDisk() {
        jdbc.execute("set local synchronous_commit to off");
    }

    boolean suppressed(String address) {
        Integer n = jdbc.queryForObject("select count(*) from email_suppression where address = ?", Integer.class,
                address.toLowerCase());
        return n != null && n > 0;
    }

    /** Of these accounts, the ones no longer active: a message held for its send window does not go once the account has churned. */
    java.util.Set<Long> inactive(java.util.Collection<Long> accountIds) {
        if (accountIds.isEmpty()) {
            return java.util.Set.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(accountIds.size(), "?"));
        return new java.util.HashSet<>(jdbc.queryForList("select id from account where status <> 'ACTIVE' and id in (" + marks + ")",
                Long.class, accountIds.toArray()));
    }

    /** Of these recipients, "address/type" for each type they opted out of (one query for a batch). */
    java.util.Set<String> optOuts(java.util.Collection<String> recipients) {
        if (recipients.isEmpty()) {
            return java.util.Set.of();
        }
        List<String> lower = recipients.stream().map(String::toLowerCase).distinct().toList();
        String marks = String.join(",", java.util.Collections.nCopies(lower.size(), "?"));
        return new java.util.HashSet<>(jdbc.query("select email, type from contact_opt_out where email in (" + marks + ")",
                (rs, row) -> rs.getString(1) + "/" + rs.getString(2), lower.toArray()));
    }

    void suppress(String address, long accountId, String reason, Instant at) {
        if (!suppressed(address)) {
            jdbc.update("insert into email_suppression (address, account_id, reason, suppressed_at) values (?, ?, ?, ?)",
                    address.toLowerCase(), accountId, truncate(reason), ts(at));
        }
    }

    void markSent(String id, Instant at) {
        jdbc.update("update outbox_message set sent_at = ?, attempts = attempts + 1, last_error = null, claimed_by = null, "
                + "claimed_until = null where id = ?", ts(at), id);
    }

    void markRetry(String id, Instant next, String error) {
        jdbc.update("update outbox_message set attempts = attempts + 1, next_attempt_at = ?, last_error = ?, "
                + "claimed_by = null, claimed_until = null where id = ?", ts(next), truncate(error), id);
    }

    void markFailed(String id, Instant at, String error) {
        jdbc.update("update outbox_message set attempts = attempts + 1, failed_at = ?, last_error = ?, "
                + "claimed_by = null, claimed_until = null where id = ?", ts(at), truncate(error), id);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static OutboxMessage map(ResultSet rs, int row) throws SQLException {
        return new OutboxMessage(rs.getString("id"), rs.getLong("account_id"), rs.getString("template"),
                rs.getString("title"), rs.getString("from_name"), rs.getString("from_address"), rs.getString("reply_to"),
                rs.getString("recipient_name"), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("text_body"), rs.getString("html_body"), instant(rs, "created_at"),
                instant(rs, "next_attempt_at"), rs.getInt("attempts"), instant(rs, "sent_at"), instant(rs, "failed_at"),
                rs.getString("last_error"), rs.getString("communication_type"), rs.getString("unsubscribe_url"));
    }
}
