package io.touchline.support;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL database for tests that start their own applications (several nodes, a database
 * restart): {@code touchline_nodes}, which .ci/setup-postgres makes; each such test empties it first.
 */
public final class NodesDatabase {

    public static final String HOST = "localhost";
    public static final int PORT = 5432;
    public static final String NAME = "touchline_nodes";
    public static final String USER = PostgresAvailable.USER;
    public static final String PASSWORD = PostgresAvailable.PASSWORD;

    private NodesDatabase() {
    }

    public static String url(int port) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + NAME;
    }

    /** Drops every table: the next application makes its schema afresh. */
    public static void empty() {
        try (var connection = DriverManager.getConnection(url(PORT), USER, PASSWORD);
                var statement = connection.createStatement()) {
            statement.execute("drop schema public cascade");
            statement.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL database " + NAME + " at " + url(PORT)
                    + " (sudo bash .ci/setup-postgres makes it): " + e.getMessage(), e);
        }
    }
}
