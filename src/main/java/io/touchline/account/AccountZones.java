package io.touchline.account;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The time zone and industry of an account by its external id, for the diagrams' timer
 * expressions, which are evaluated for every timer a journey sets (the industry picks the blackout
 * periods that apply). Both are read once and remembered (up to {@value #MAX_REMEMBERED} accounts).
 * A time zone is fixed at enrolment; an industry the CRM changes is forgotten at once on the node
 * that took the change, and read again on the others within {@link #INDUSTRY_REFRESH}.
 */
@Component
public class AccountZones {

    static final int MAX_REMEMBERED = 20_000;
    /** How long another node may plan with the industry it read before a change. */
    public static final Duration INDUSTRY_REFRESH = Duration.ofMinutes(1);

    private record Facts(ZoneId zone, String industry, long readAtNanos) {
    }

    private final JdbcTemplate jdbc;
    private final Map<String, Facts> facts = new ConcurrentHashMap<>();

    AccountZones(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ZoneId> of(String externalId) {
        return facts(externalId).map(Facts::zone);
    }

    /** The industry of the account, empty when the CRM does not know it (or there is no such account). */
    public Optional<String> industryOf(String externalId) {
        return facts(externalId).map(Facts::industry);
    }

    /** The account's industry changed here: read it again (and once more after the change commits). */
    public void forget(String externalId) {
        facts.remove(externalId);
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            facts.remove(externalId);
                        }
                    });
        }
    }

    private Optional<Facts> facts(String externalId) {
        Facts known = facts.get(externalId);
        if (known != null && System.nanoTime() - known.readAtNanos() < INDUSTRY_REFRESH.toNanos()) {
            return Optional.of(known);
        }
        Optional<Facts> read = jdbc.query("select time_zone, industry from account where external_id = ?",
                (rs, row) -> new Facts(ZoneId.of(rs.getString(1)), rs.getString(2), System.nanoTime()), externalId)
                .stream().findFirst();
        read.ifPresent(f -> {
            if (facts.size() >= MAX_REMEMBERED) {
                facts.clear();
            }
            facts.put(externalId, f);
        });
        return read;
    }
}
