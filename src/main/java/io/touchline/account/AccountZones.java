package io.touchline.account;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The time zone of an account by its external id, for the diagrams' timer expressions, which are
 * evaluated for every timer a journey sets. An account's time zone is fixed when it is enrolled,
 * so it is read once and remembered (up to {@value #MAX_REMEMBERED} accounts, then read again).
 */
@Component
public class AccountZones {

    static final int MAX_REMEMBERED = 20_000;

    private final JdbcTemplate jdbc;
    private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();

    AccountZones(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ZoneId> of(String externalId) {
        ZoneId known = zones.get(externalId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ZoneId> zone = jdbc.query("select time_zone from account where external_id = ?",
                (rs, row) -> ZoneId.of(rs.getString(1)), externalId).stream().findFirst();
        zone.ifPresent(z -> {
            if (zones.size() >= MAX_REMEMBERED) {
                zones.clear();
            }
            zones.put(externalId, z);
        });
        return zone;
    }
}
