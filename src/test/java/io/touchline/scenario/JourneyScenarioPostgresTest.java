package io.touchline.scenario;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;

import io.touchline.support.PostgresAvailable;

/** The tier scenarios against a real PostgreSQL, the production and cluster database. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles({"test", "postgres-test"})
class JourneyScenarioPostgresTest extends JourneyScenarios {
}
