package io.touchline.scenario;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;

import io.touchline.support.PostgresAvailable;

/** The account-years of history on PostgreSQL, with bytes: the README's figures. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles({"test", "postgres-test"})
class HistoryRetentionPostgresTest extends HistoryRetention {
}
