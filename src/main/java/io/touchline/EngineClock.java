package io.touchline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The one clock of Touchline: the engine's. Tests move it with {@link ClockUtil}, and every piece
 * of Touchline (timers, due dates, outbox, timeline) reads it here, so simulated time is consistent.
 */
public final class EngineClock {

    private EngineClock() {
    }

    public static Instant now() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    public static LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(now(), zone);
    }
}
