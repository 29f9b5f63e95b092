package io.touchline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.touchline.TouchlineApplication;
import io.touchline.messaging.ContactLinks;

/**
 * The operator's production start (the postgres profile's settings, on an in-memory database here):
 * refused with the demo's secrets, users and mail, each problem named with its fix; started with
 * real ones, where the demo logins do not work.
 */
class ProductionSafetyTest {

    private static final String SECRET = "k3v9Qe1xT7pL0mZr5sW2yB8nC4dH6jA1fG9uJ3oK";
    private static final String ADMIN_PASSWORD = "correct horse battery";

    @Test
    void aProductionStartWithTheDemoDefaultsIsRefusedNamingEachFix() {
        String database = database();
        assertThatThrownBy(() -> start(database, Map.of()))
                .satisfies(failure -> {
                    ProductionSafety.UnsafeProductionException unsafe = unsafe(failure);
                    assertThat(unsafe.problems()).anyMatch(p -> p.contains("TOUCHLINE_LINKS_SECRET"))
                            .anyMatch(p -> p.contains("TOUCHLINE_PUBLIC_URL"))
                            .anyMatch(p -> p.contains("TOUCHLINE_ADMIN_PASSWORD"));
                });
        // the demo's secret or a short one is no better than none; demo users and mail are refused too
        assertThatThrownBy(() -> start(database, Map.of("touchline.links.secret", "demo-only-change-me",
                "touchline.public-url", "https://touchline.example.com", "camunda.bpm.admin-user.password", "ops",
                "touchline.demo.team", "true", "touchline.demo-mail.enabled", "true", "touchline.demo-mail.smtp-port", "0")))
                .satisfies(failure -> assertThat(unsafe(failure).problems()).hasSize(4)
                        .anyMatch(p -> p.contains("no links secret")).anyMatch(p -> p.contains("demo team"))
                        .anyMatch(p -> p.contains("demo mail")).anyMatch(p -> p.contains("admin password")));
        assertThatThrownBy(() -> start(database, Map.of("touchline.links.secret", "too-short-a-secret",
                "touchline.public-url", "http://localhost:8080", "camunda.bpm.admin-user.password", ADMIN_PASSWORD)))
                .satisfies(failure -> assertThat(unsafe(failure).problems()).hasSize(2)
                        .anyMatch(p -> p.contains("has 18 characters")).anyMatch(p -> p.contains("TOUCHLINE_PUBLIC_URL")));
    }

    @Test
    void outsideProductionAnEmptyLinksSecretIsNamedAtStart() {
        assertThatThrownBy(() -> start(database(), Map.of("touchline.production", "false")))
                .satisfies(failure -> {
                    Throwable root = failure;
                    while (root.getCause() != null && !(root instanceof IllegalStateException
                            && String.valueOf(root.getMessage()).contains("touchline.links.secret"))) {
                        root = root.getCause();
                    }
                    assertThat(root.getMessage()).startsWith("touchline.links.secret is empty: set TOUCHLINE_LINKS_SECRET");
                });
    }

    @Test
    void aDatabaseWhereDemoUsersStillLogInIsRefused() {
        String database = database();
        // the demo was run once on this database: its team logs in with user id as password
        try (ConfigurableApplicationContext demo = start(database, Map.of("touchline.production", "false",
                "touchline.demo.team", "true", "touchline.links.secret", ProductionSafety.DEMO_LINKS_SECRET))) {
            assertThat(demo.getBean(IdentityService.class).checkPassword("priya", "priya")).isTrue();
        }
        assertThatThrownBy(() -> start(database, realSettings()))
                .satisfies(failure -> assertThat(unsafe(failure).problems())
                        .anyMatch(p -> p.startsWith("user 'priya' logs in with their user id as password"))
                        .anyMatch(p -> p.startsWith("user 'crm' "))
                        .noneMatch(p -> p.startsWith("user 'admin' ")));
    }

    @Test
    void withRealSettingsItStartsAndOnlyRealCredentialsAndLinksWork() throws Exception {
        try (ConfigurableApplicationContext app = start(database(), realSettings())) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(get(port, "/api/accounts", "admin", ADMIN_PASSWORD)).isEqualTo(200);
            assertThat(get(port, "/api/accounts", "ops", "ops")).isEqualTo(401);
            assertThat(get(port, "/api/accounts", "crm", "crm")).isEqualTo(401);

            // a preference link signed with the demo's well-known secret opens nothing; the real one does
            String genuine = app.getBean(ContactLinks.class).preferencesUrl("someone@acme.example");
            assertThat(genuine).startsWith("https://touchline.example.com/preferences/");
            String forgedPath = "/preferences/" + demoSignedToken("someone@acme.example");
            assertThat(get(port, URI.create(genuine).getRawPath(), null, null)).isEqualTo(200);
            assertThat(get(port, forgedPath, null, null)).isEqualTo(404);
        }
    }

    /** A contact token as the demo's secret signs it (ContactLinks' format: address.signature, base64url). */
    private static String demoSignedToken(String email) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(ProductionSafety.DEMO_LINKS_SECRET.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        Base64.Encoder encode = Base64.getUrlEncoder().withoutPadding();
        return encode.encodeToString(email.getBytes(StandardCharsets.UTF_8)) + "."
                + encode.encodeToString(mac.doFinal(email.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> realSettings() {
        return Map.of("touchline.links.secret", SECRET, "touchline.public-url", "https://touchline.example.com",
                "camunda.bpm.admin-user.password", ADMIN_PASSWORD);
    }

    private static ProductionSafety.UnsafeProductionException unsafe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProductionSafety.UnsafeProductionException unsafe) {
                return unsafe;
            }
        }
        throw new AssertionError("not refused for production safety", failure);
    }

    private static String database() {
        return "jdbc:h2:mem:production-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** The postgres profile's settings (environment variables unset) on an in-memory database, plus these. */
    private static ConfigurableApplicationContext start(String database, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spring.profiles.active", "postgres");
        all.put("camunda.bpm.job-execution.enabled", "false");
        all.put("touchline.outbox.poll-interval", "PT0S");
        all.put("logging.level.root", "warn");
        all.put("spring.datasource.url", database);
        all.put("spring.datasource.username", "sa");
        all.put("spring.datasource.password", "");
        all.put("spring.datasource.hikari.connection-init-sql", "select 1");
        all.put("camunda.bpm.process-engine-name", "production" + UUID.randomUUID().toString().replace("-", ""));
        all.put("server.port", "0");
        // the webapps' bootstrap keeps static state that closing a second one in this JVM would clear
        all.put("camunda.bpm.webapp.enabled", "false");
        all.putAll(settings);
        List<String> args = new ArrayList<>();
        all.forEach((name, value) -> args.add("--" + name + "=" + value));
        SpringApplication application = new SpringApplicationBuilder(TouchlineApplication.class)
                .web(WebApplicationType.SERVLET).logStartupInfo(false).build();
        return application.run(args.toArray(String[]::new));
    }

    private static int get(int port, String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
