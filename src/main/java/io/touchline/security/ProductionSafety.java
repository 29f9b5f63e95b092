package io.touchline.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Outside the demo ({@code touchline.production=true}, which the {@code postgres} profile sets),
 * Touchline refuses to start with the demo's secrets: as soon as the settings are read (before the
 * engine is built, so no admin user with a demo password is ever made), every setting is checked and
 * every problem named with the variable that fixes it ({@link Settings}); once the engine is up, no user of its database may still log in with
 * their user id as password (the demo team's and the book builder's CSMs do). A
 * {@link ProductionSafetyFailureAnalyzer} prints the list instead of a stack trace.
 */
@Component
public class ProductionSafety extends AbstractProcessEnginePlugin {

    /** The secret application.yaml ships for the demo. */
    static final String DEMO_LINKS_SECRET = "demo-only-change-me";
    static final int MIN_SECRET_LENGTH = 32;
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final Set<String> DEMO_PASSWORDS = Set.of("ops", "admin", "demo", "password", "changeme", "camunda");

    private final Environment environment;

    ProductionSafety(Environment environment) {
        this.environment = environment;
    }

    static boolean production(Environment environment) {
        return environment.getProperty("touchline.production", Boolean.class, false);
    }

    /**
     * Checks the settings as soon as they are read, before any bean is made (a bean that signs
     * links would otherwise fail first, on an empty secret, with a less helpful message).
     */
    static class Settings implements EnvironmentPostProcessor {

        @Override
        public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
            if (production(environment)) {
                List<String> problems = settingProblems(environment);
                if (!problems.isEmpty()) {
                    throw new UnsafeProductionException(problems);
                }
            } else if (environment.getProperty("touchline.links.secret", "").isBlank()) {
                // the postgres profile empties the demo's secret; with touchline.production=false it must be given too
                throw new IllegalStateException("touchline.links.secret is empty: set TOUCHLINE_LINKS_SECRET to a random "
                        + "secret (it signs the preference, unsubscribe and tracking links in emails)");
            }
        }
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        if (!production(environment)) {
            return;
        }
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        List<String> problems = new ArrayList<>();
        for (User user : engine.getIdentityService().createUserQuery().list()) {
            if (user instanceof UserEntity entity && entity.getPassword() != null
                    && configuration.getPasswordManager().check(EncryptionUtil.saltPassword(user.getId(), entity.getSalt()),
                            entity.getPassword())) {
                problems.add("user '" + user.getId() + "' logs in with their user id as password (a demo user): delete"
                        + " the user or give them a real password in Camunda Admin (/camunda/app/admin), then start again");
            }
        }
        if (!problems.isEmpty()) {
            throw new UnsafeProductionException(problems);
        }
    }

    /** What is wrong with this environment's settings for production; empty when nothing is. */
    static List<String> settingProblems(Environment environment) {
        List<String> problems = new ArrayList<>();
        String secret = environment.getProperty("touchline.links.secret", "").strip();
        if (secret.isEmpty() || DEMO_LINKS_SECRET.equals(secret)) {
            problems.add("no links secret: set TOUCHLINE_LINKS_SECRET (touchline.links.secret) to a random secret of at"
                    + " least " + MIN_SECRET_LENGTH + " characters, for example the output of `openssl rand -base64 48`;"
                    + " it signs the preference, unsubscribe and tracking links in emails");
        } else if (secret.length() < MIN_SECRET_LENGTH) {
            problems.add("the links secret (TOUCHLINE_LINKS_SECRET) has " + secret.length() + " characters: use at least "
                    + MIN_SECRET_LENGTH + ", for example the output of `openssl rand -base64 48`");
        }
        String publicUrl = environment.getProperty("touchline.public-url", "").strip().toLowerCase(Locale.ROOT);
        if (publicUrl.isEmpty() || publicUrl.matches("https?://(localhost|127\\.0\\.0\\.1)([:/].*)?")) {
            problems.add("no public address: set TOUCHLINE_PUBLIC_URL (touchline.public-url) to the address customers"
                    + " reach Touchline at, for example https://touchline.example.com; links in emails lead there");
        }
        if (environment.getProperty("touchline.demo.team", Boolean.class, true)) {
            problems.add("the demo team is on (ops/ops, priya/priya, crm/crm log in): set touchline.demo.team=false");
        }
        if (environment.getProperty("touchline.demo.accounts", Boolean.class, true)) {
            problems.add("the demo accounts are on: set touchline.demo.accounts=false");
        }
        if (environment.getProperty("touchline.demo-mail.enabled", Boolean.class, true)) {
            problems.add("the demo mail server would keep every email to itself: set touchline.demo-mail.enabled=false"
                    + " and spring.mail.host (and port, username, password) to your SMTP server");
        }
        String admin = environment.getProperty("camunda.bpm.admin-user.id", "").strip();
        String password = environment.getProperty("camunda.bpm.admin-user.password", "");
        if (admin.isEmpty()) {
            problems.add("no admin user: set TOUCHLINE_ADMIN_USER (camunda.bpm.admin-user.id)");
        }
        if (password.isBlank() || password.equals(admin) || DEMO_PASSWORDS.contains(password.toLowerCase(Locale.ROOT))
                || password.length() < MIN_PASSWORD_LENGTH) {
            problems.add("the admin password is missing or a default: set TOUCHLINE_ADMIN_PASSWORD"
                    + " (camunda.bpm.admin-user.password) to a password of at least " + MIN_PASSWORD_LENGTH
                    + " characters; it is used when the admin user is made, on the first start");
        }
        return problems;
    }

    /** Touchline would start in production with a demo setting; the message lists each one and its fix. */
    public static class UnsafeProductionException extends IllegalStateException {

        private final List<String> problems;

        UnsafeProductionException(List<String> problems) {
            super("Touchline will not start in production (touchline.production=true, the postgres profile) with demo"
                    + " settings:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
