package io.touchline.model;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;

import io.touchline.support.PostgresAvailable;

/** The book's rollout against a real PostgreSQL, the production and cluster database. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles({"test", "postgres-test"})
class BookRolloutPostgresTest extends BookRolloutTest {
}
