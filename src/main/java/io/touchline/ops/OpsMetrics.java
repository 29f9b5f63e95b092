package io.touchline.ops;

import java.util.stream.Collectors;

import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauges for Prometheus from {@link OpsSnapshot}: touchline_jobs_due, touchline_jobs_due_oldest_seconds,
 * touchline_jobs_failing, touchline_incidents_open, touchline_outbox_due, touchline_outbox_oldest_seconds,
 * touchline_outbox_held, touchline_journeys_running{process,version}. Counters of what the outbox did
 * (touchline_emails_total{outcome,type}) come from the dispatcher, of what-if runs from the what-if.
 */
@Component
@EnableScheduling
class OpsMetrics implements MeterBinder {

    private final OpsSnapshot snapshot;
    private volatile MultiGauge running;

    OpsMetrics(OpsSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("touchline.jobs.due", snapshot, s -> s.figures().dueJobs())
                .description("Jobs (timers, save points) due now and not yet taken").register(registry);
        Gauge.builder("touchline.jobs.due.oldest", snapshot, s -> s.figures().oldestDueJob().toMillis() / 1000.0)
                .baseUnit("seconds").description("How long the oldest due job has waited (due-to-executed lag)")
                .register(registry);
        Gauge.builder("touchline.jobs.failing", snapshot, s -> s.figures().failingJobs())
                .description("Jobs that failed and wait for a retry").register(registry);
        Gauge.builder("touchline.incidents.open", snapshot, s -> s.figures().openIncidents())
                .description("Steps out of retries: Cockpit incidents").register(registry);
        Gauge.builder("touchline.outbox.due", snapshot, s -> s.figures().outboxDue())
                .description("Emails due and not yet sent").register(registry);
        Gauge.builder("touchline.outbox.oldest", snapshot, s -> s.figures().oldestDueEmail().toMillis() / 1000.0)
                .baseUnit("seconds").description("How long the oldest due email has waited").register(registry);
        Gauge.builder("touchline.outbox.held", snapshot, s -> s.figures().held())
                .description("Emails held for their contact's send window or the frequency cap").register(registry);
        running = MultiGauge.builder("touchline.journeys.running")
                .description("Running process instances per process and version").register(registry);
    }

    /** Process versions come and go (deployments, migrations): the per-version rows are renewed each half minute. */
    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT30S")
    void refreshRunning() {
        MultiGauge gauge = running;
        if (gauge != null) {
            gauge.register(snapshot.figures().running().stream().map(r -> MultiGauge.Row.of(
                    Tags.of("process", r.process(), "version", String.valueOf(r.version())), r.journeys()))
                    .collect(Collectors.toList()), true);
        }
    }
}
