package io.touchline.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background threads of a node that take pieces of work from the database until there is none,
 * then wait until they are woken (work arrived on this node) or the poll interval passes (work
 * arrived on another node, or a node died holding some). The work itself claims what it does in
 * the database, so the threads of several nodes share it.
 */
public final class Workers {

    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final String name;
    private final int threads;
    private final long pollMillis;
    private final BooleanSupplier workOnce;
    private final Object signal = new Object();
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopping;
    private boolean woken;

    /** {@code workOnce} does one piece of work and says whether there was any. */
    public Workers(String name, int threads, Duration poll, BooleanSupplier workOnce) {
        this.name = name;
        this.threads = threads;
        this.pollMillis = Math.max(10, poll.toMillis());
        this.workOnce = workOnce;
    }

    public void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    public synchronized void start() {
        stopping = false;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::work, name + "-" + (i + 1));
            thread.setDaemon(true);
            thread.start();
            running.add(thread);
        }
    }

    public synchronized void stop() {
        stopping = true;
        wakeUp();
        for (Thread thread : running) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    public boolean isRunning() {
        return !running.isEmpty();
    }

    private void work() {
        while (!stopping) {
            boolean worked;
            try {
                worked = workOnce.getAsBoolean();
            } catch (RuntimeException e) {
                log.warn("{}: {}", name, e.getMessage(), e);
                worked = false;
            }
            if (!worked) {
                synchronized (signal) {
                    if (!woken && !stopping) {
                        try {
                            signal.wait(pollMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    woken = false;
                }
            }
        }
    }
}
