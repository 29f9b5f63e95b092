package io.touchline.ops;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Touchline's health beside Spring's (db, mail) and Camunda's (processEngine, jobExecutor):
 * jobBacklog and outbox are DOWN when work waits longer than it should (the node or the cluster is
 * not keeping up), failedTouches says ATTENTION while a step or an email failed and needs a person
 * (the list is at /api/failed-touches). The readiness group uses the first two (application.yaml).
 */
@Configuration
class OpsHealth {

    /** Something failed and a person should look: the node itself is fine (answered 200). */
    static final Status ATTENTION = new Status("ATTENTION", "a step or an email failed: see /api/failed-touches");

    @Bean
    HealthIndicator jobBacklogHealthIndicator(OpsSnapshot snapshot,
            @Value("${touchline.health.job-backlog-max-age:PT10M}") Duration maxAge) {
        return () -> {
            var figures = snapshot.figures();
            Health.Builder health = figures.oldestDueJob().compareTo(maxAge) > 0 ? Health.down() : Health.up();
            return health.withDetail("dueJobs", figures.dueJobs())
                    .withDetail("oldestDueJobSeconds", figures.oldestDueJob().toSeconds())
                    .withDetail("maxAgeSeconds", maxAge.toSeconds())
                    .withDetail("failingJobs", figures.failingJobs()).build();
        };
    }

    @Bean
    HealthIndicator outboxHealthIndicator(OpsSnapshot snapshot, @Value("${touchline.health.outbox-max-age:PT15M}") Duration maxAge) {
        return () -> {
            var figures = snapshot.figures();
            Health.Builder health = figures.oldestDueEmail().compareTo(maxAge) > 0 ? Health.down() : Health.up();
            return health.withDetail("dueEmails", figures.outboxDue())
                    .withDetail("oldestDueEmailSeconds", figures.oldestDueEmail().toSeconds())
                    .withDetail("maxAgeSeconds", maxAge.toSeconds())
                    .withDetail("heldForSendWindow", figures.held()).build();
        };
    }

    @Bean
    HealthIndicator failedTouchesHealthIndicator(OpsSnapshot snapshot) {
        return () -> {
            var figures = snapshot.figures();
            boolean attention = figures.openIncidents() > 0 || figures.failedEmailsLastDay() > 0;
            return Health.status(attention ? ATTENTION : Status.UP)
                    .withDetail("openIncidents", figures.openIncidents())
                    .withDetail("emailsFailedLastDay", figures.failedEmailsLastDay())
                    .withDetail("list", "/api/failed-touches").build();
        };
    }
}
