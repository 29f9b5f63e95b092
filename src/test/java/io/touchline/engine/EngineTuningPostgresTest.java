package io.touchline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.touchline.support.PostgresAvailable;
import io.touchline.support.TouchlineTest;

/**
 * What PostgreSQL is told so that Tasklist stays quick with a large book (measured by the
 * benchmark, mvn -Pbenchmark): statistics on the grants' permission bits, and every connection of
 * the application planning each query for its own values, without JIT.
 */
@ExtendWith(PostgresAvailable.class)
@TouchlineTest
@ActiveProfiles({"test", "postgres-test"})
class EngineTuningPostgresTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void thePlannerKnowsHowManyGrantsAPodHas() {
        assertThat(jdbc.queryForList("select stxname from pg_statistic_ext", String.class))
                .contains("tl_auth_read", "tl_auth_read_task");
    }

    @Test
    void everyConnectionPlansForItsOwnValuesWithoutJit() {
        for (int i = 0; i < 3; i++) {
            assertThat(jdbc.queryForObject("show plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
            assertThat(jdbc.queryForObject("show jit", String.class)).isEqualTo("off");
            assertThat(jdbc.queryForObject("show random_page_cost", String.class)).isEqualTo("1.1");
        }
    }
}
