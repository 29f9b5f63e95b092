package io.touchline.calendar;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.touchline.work.Workers;

/**
 * The threads that keep the planned touches current on this node ({@code touchline.planner.threads},
 * default 1; 0: leave it to the other nodes): each round re-plans a batch of stale accounts, and
 * now and then marks the plans that time has made short or old ({@link PlannedTouches#sweep}). They
 * give way while the engine has timers waiting or an import is enrolling
 * ({@link PlannedTouches#shouldGiveWay}), at most a few minutes.
 */
@Component
class PlannerWorkers implements SmartLifecycle {

    static final int BATCH = 50;

    private final Workers workers;
    private final PlannedTouches planned;
    private final long sweepEveryNanos;
    private volatile long lastSweep;

    PlannerWorkers(PlannedTouches planned, @Value("${touchline.planner.threads:1}") int threads,
            @Value("${touchline.planner.poll-interval:PT1S}") Duration poll,
            @Value("${touchline.planner.sweep-interval:PT5M}") Duration sweep) {
        this.planned = planned;
        this.sweepEveryNanos = sweep.toNanos();
        this.workers = new Workers("planner", threads, poll, this::workOnce);
    }

    private boolean workOnce() {
        long now = System.nanoTime();
        if (now - lastSweep > sweepEveryNanos) {
            lastSweep = now;
            planned.sweep();
        }
        if (planned.shouldGiveWay()) {
            return false;
        }
        return planned.replanStale(BATCH) > 0;
    }

    @Override
    public void start() {
        lastSweep = System.nanoTime();
        workers.start();
    }

    @Override
    public void stop() {
        workers.stop();
    }

    @Override
    public boolean isRunning() {
        return workers.isRunning();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
