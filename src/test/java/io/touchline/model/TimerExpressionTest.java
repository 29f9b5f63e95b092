package io.touchline.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each timer the diagrams use, in the words the Model page shows. */
class TimerExpressionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "${schedule.after(enrolledAt, 'P14D')}|false|AFTER|day 14 after enrolment",
            "${schedule.before(renewalDate, 'P90D')}|false|BEFORE|90 days before the renewal date",
            "${schedule.on(renewalDate)}|false|ON|on the renewal date",
            "${schedule.after(receivedAt, 'P1D')}|false|AFTER|1 day after the request",
            "${cadence.next(execution.processBusinessKey, 'check-in', 'P1M')}|false|CADENCE|check-in every month (P1M)",
            "${cadence.next(execution.processBusinessKey, 'check-in', 'P14D')}|false|CADENCE|check-in every 2 weeks (P14D)",
            "${cadence.next(execution.processBusinessKey, 'business-review', 'P6M')}|false|CADENCE|business-review every 6 months (P6M)",
            "P7D|true|DURATION|7 days later",
            "${schedule.due('P3D')}|false|DUE|3 days later, on a working day",
            "${respondWithin}|true|OTHER|${respondWithin}",
            "${webinars.before(webinarId, 'P7D')}|false|OTHER|${webinars.before(webinarId, 'P7D')}" })
    void readsEachTimerOfTheDiagrams(String expression, boolean duration, TimerExpression.Kind kind, String words) {
        TimerExpression timer = TimerExpression.parse(expression, duration);
        assertThat(timer.kind()).isEqualTo(kind);
        assertThat(timer.describe()).isEqualTo(words);
    }
}
