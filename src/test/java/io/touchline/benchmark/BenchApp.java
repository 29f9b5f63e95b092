package io.touchline.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.touchline.TouchlineApplication;

/**
 * The whole application as an operator runs it, inside the benchmark's JVM: a web server on a free
 * port, the job executor on, the configuration of application.yaml, on a fresh H2 file database or
 * on a fresh PostgreSQL schema. Only what a benchmark must control differs: the mail goes to the
 * benchmark's SMTP server, the outbox is delivered when the benchmark says, no demo book.
 */
final class BenchApp implements AutoCloseable {

    static final String POSTGRES_URL = env("TOUCHLINE_BENCH_DB_URL", "jdbc:postgresql://localhost:5432/touchline_bench");
    static final String POSTGRES_USER = env("TOUCHLINE_BENCH_DB_USER", "touchline");
    static final String POSTGRES_PASSWORD = env("TOUCHLINE_BENCH_DB_PASSWORD", "touchline");

    final String database;
    final ConfigurableApplicationContext context;
    final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private BenchApp(String database, ConfigurableApplicationContext context) {
        this.database = database;
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static BenchApp h2(Path dir, int smtpPort, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>(extra);
        // -Dtouchline.benchmark.h2=mem: H2 without its file store, to tell what the file costs
        boolean inMemory = "mem".equals(System.getProperty("touchline.benchmark.h2"));
        properties.put("spring.datasource.url", inMemory ? "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1"
                : "jdbc:h2:file:" + dir.resolve("touchline").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE"); // as application.yaml has it
        return start(inMemory ? "H2 in memory" : "H2", properties, smtpPort);
    }

    static BenchApp postgres(int smtpPort, Map<String, String> extra) {
        resetPostgres();
        Map<String, String> properties = new LinkedHashMap<>(extra);
        properties.put("spring.profiles.active", "postgres");
        // the production database settings, with the demo team to log in as its CSMs (not production)
        properties.put("touchline.production", "false");
        properties.put("touchline.links.secret", "benchmark-only-links-secret-0123456789abcdef");
        properties.put("spring.datasource.url", POSTGRES_URL);
        properties.put("spring.datasource.username", POSTGRES_USER);
        properties.put("spring.datasource.password", POSTGRES_PASSWORD);
        return start("PostgreSQL", properties, smtpPort);
    }

    /** An empty benchmark database: its public schema dropped and made again (the role owns the database). */
    static void resetPostgres() {
        try (var connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
                var statement = connection.createStatement()) {
            statement.execute("drop schema public cascade");
            statement.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL benchmark database at " + POSTGRES_URL
                    + " (sudo bash .ci/setup-postgres makes one): " + e.getMessage(), e);
        }
    }

    static boolean postgresAnswers() {
        try (var connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static BenchApp start(String database, Map<String, String> properties, int smtpPort) {
        List<String> args = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("spring.main.banner-mode", "off");
        all.put("touchline.demo.team", "true");
        all.put("touchline.demo.accounts", "false");
        all.put("touchline.demo-mail.enabled", "false");
        all.put("spring.mail.host", "127.0.0.1");
        all.put("spring.mail.port", String.valueOf(smtpPort));
        // the benchmark delivers the outbox itself, to time it alone
        all.put("touchline.outbox.poll-interval", "PT0S");
        all.put("logging.level.root", "warn");
        all.put("logging.level.io.touchline", "warn");
        all.putAll(properties);
        all.forEach((name, value) -> args.add("--" + name + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TouchlineApplication.class)
                .web(WebApplicationType.SERVLET).logStartupInfo(false).run(args.toArray(String[]::new));
        return new BenchApp(database, context);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    HttpResponse<String> get(String path, String user) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user)).GET().build());
    }

    HttpResponse<String> post(String path, String user, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user))
                .header("Content-Type", contentType).header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Demo users have their user id as password. */
    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        context.close();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
