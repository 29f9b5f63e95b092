package io.touchline.results;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;

import io.touchline.support.PostgresAvailable;

/** The same figures counted by a real PostgreSQL, the production database. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles({"test", "postgres-test"})
class ResultsPostgresTest extends ResultsTest {
}
