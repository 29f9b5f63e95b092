package io.touchline.messaging;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;

import io.touchline.support.PostgresAvailable;

/** The outbox rules on PostgreSQL, where several nodes share the database. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles({"test", "postgres-test"})
class OutboxDeliveryPostgresTest extends OutboxDeliveryTest {
}
