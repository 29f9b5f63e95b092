package io.touchline.messaging;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the dispatcher in the background unless touchline.outbox.poll-interval is zero. */
@Configuration
@EnableScheduling
@ConditionalOnExpression("'${touchline.outbox.poll-interval:PT2S}' != 'PT0S' && '${touchline.outbox.poll-interval:PT2S}' != '0'")
class OutboxScheduling {

    private final OutboxDispatcher dispatcher;

    OutboxScheduling(OutboxDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${touchline.outbox.poll-interval:PT2S}", initialDelayString = "PT5S")
    void dispatch() {
        dispatcher.dispatchDue();
    }
}
