package io.touchline.account;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;

/** The health scores an account was given over time, for the change of its health over a week and its trend. */
@Component
public class HealthHistory {

    /** A score and when it was given. */
    public record Point(int score, Instant recordedAt) {
    }

    private final JdbcTemplate jdbc;

    HealthHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's latest scores, newest first. */
    public java.util.List<Point> latest(Account account, int count) {
        return jdbc.query("select score, recorded_at from health_score_history where account_id = ? "
                + "order by recorded_at desc, id desc fetch first " + count + " rows only",
                (rs, n) -> new Point(rs.getInt(1), rs.getTimestamp(2).toInstant()), account.id());
    }

    void record(long accountId, int score) {
        jdbc.update("insert into health_score_history (account_id, score, recorded_at) values (?, ?, ?)", accountId, score,
                Timestamp.from(EngineClock.now()));
    }

    /**
     * The score now less the score the account had {@code ago} (the last one given before that moment);
     * empty when it had none then or has none now.
     */
    public Optional<Integer> change(Account account, Duration ago) {
        if (account.healthScore() == null) {
            return Optional.empty();
        }
        Instant then = EngineClock.now().minus(ago);
        return jdbc.query("""
                select score from health_score_history where account_id = ? and recorded_at < ?
                order by recorded_at desc, id desc""", (rs, n) -> rs.getInt(1), account.id(), Timestamp.from(then))
                .stream().findFirst().map(before -> account.healthScore() - before);
    }

    /** Scores older than {@code before} that a newer score recorded before it replaced (for retention). */
    public int forgetBefore(Instant before) {
        // keep each account's last score before the cut: the change over a week still has its start
        return jdbc.update("""
                delete from health_score_history where recorded_at < ? and exists (
                    select 1 from health_score_history newer where newer.account_id = health_score_history.account_id
                    and newer.recorded_at < ? and newer.recorded_at > health_score_history.recorded_at)""",
                Timestamp.from(before), Timestamp.from(before));
    }
}
