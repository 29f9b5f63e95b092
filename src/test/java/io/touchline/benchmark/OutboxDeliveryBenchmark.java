package io.touchline.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.messaging.Outbox;
import io.touchline.messaging.OutboxDispatcher;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * Delivery rate of the outbox dispatcher to a local SMTP server (GreenMail on loopback): enrols
 * tech-touch accounts (each writes its welcome email at once), then times the dispatcher alone.
 * Run with {@code mvn -Pbenchmark test}; prints emails per second. Not part of the test suite.
 */
@Tag("benchmark")
class OutboxDeliveryBenchmark extends ProcessTestBase {

    private static final Logger log = LoggerFactory.getLogger(OutboxDeliveryBenchmark.class);

    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    Outbox outbox;

    @Test
    void deliveryRateToALocalSmtpServer() {
        for (int messages : new int[] {200, 1000}) {
            List<String> ids = new ArrayList<>();
            long enrolStart = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                String id = Journeys.newExternalId("BENCH");
                journeys.enrol(id, 1_000, false, false, daysFromNow(300), Journeys.today(), null, null);
                ids.add(id);
            }
            double enrolSeconds = (System.nanoTime() - enrolStart) / 1e9;
            int pending = outbox.pending();
            long start = System.nanoTime();
            int delivered = dispatcher.dispatchDue();
            double seconds = (System.nanoTime() - start) / 1e9;
            String line = String.format(Locale.ROOT,
                    "outbox benchmark: %d emails pending, %d delivered in %.2f s = %.0f emails/s "
                            + "(enrolment with journey start and outbox write: %.0f accounts/s); received by SMTP: %d",
                    pending, delivered, seconds, delivered / seconds, messages / enrolSeconds,
                    MAIL.getReceivedMessages().length);
            log.info(line);
            journeys.cleanUp();
            MAIL.reset();
            journeys.startClock();
            journeys.advance(Duration.ZERO);
        }
    }
}
