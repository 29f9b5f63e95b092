package io.touchline.account;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.touchline.work.Workers;

/**
 * The threads that work on account imports on this node ({@code touchline.import.threads}, by
 * default one per core; 0: this node leaves imports to the others). Each takes a piece of work
 * (checking a file, enrolling a part of one) from {@link AccountImports}; a file sent to this node
 * wakes them, one sent to another node (or a part whose node died) is found within {@code
 * touchline.import.poll-interval}.
 */
@Component
class AccountImportWorkers implements SmartLifecycle {

    private final Workers workers;

    AccountImportWorkers(AccountImports imports,
            @Value("${touchline.import.threads:#{T(java.lang.Runtime).getRuntime().availableProcessors()}}") int threads,
            @Value("${touchline.import.poll-interval:PT2S}") Duration poll) {
        this.workers = new Workers("account-import", threads, poll, imports::workOnce);
        imports.onSubmitted(workers::wakeUp);
    }

    @Override
    public void start() {
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
        // after the engine and the database are up, before they go down
        return Integer.MAX_VALUE - 100;
    }
}
