package io.touchline.support;

import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs PostgreSQL tests when the test database answers (.ci/run sets it up). On a laptop without
 * PostgreSQL they are skipped with the reason; in CI (CI is set) they always run, so a missing
 * database fails the build instead of silently skipping.
 */
public class PostgresAvailable implements ExecutionCondition {

    public static final String URL = env("TOUCHLINE_TEST_DB_URL", "jdbc:postgresql://localhost:5432/touchline_test");
    public static final String USER = env("TOUCHLINE_TEST_DB_USER", "touchline");
    public static final String PASSWORD = env("TOUCHLINE_TEST_DB_PASSWORD", "touchline");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (System.getenv("CI") != null) {
            return ConditionEvaluationResult.enabled("CI: PostgreSQL tests always run");
        }
        try (var connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers at " + URL);
        } catch (SQLException e) {
            return ConditionEvaluationResult.disabled("No PostgreSQL at " + URL + " (" + e.getMessage()
                    + "); .ci/run installs and starts one");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
