package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The send rules on their own: the window in the contact's zone (across daylight-saving changes
 * in America/New_York and Europe/Berlin), a template's fixed weekday, the frequency cap.
 */
class SendingRulesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final SendingRules rules = new SendingRules(null, null); // the defaults: weekdays 09:00-17:00, 1 a day

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void insideTheWindowAnEmailGoesAtOnce_beforeItWaitsForTheOpening_afterItForTheNextWorkingDay() {
        assertThat(rules.earliest(at("2027-01-05T11:30", BERLIN), BERLIN, null)).isEqualTo(at("2027-01-05T11:30", BERLIN));
        assertThat(rules.earliest(at("2027-01-05T06:00", BERLIN), BERLIN, null)).isEqualTo(at("2027-01-05T09:00", BERLIN));
        assertThat(rules.earliest(at("2027-01-05T17:00", BERLIN), BERLIN, null)).isEqualTo(at("2027-01-06T09:00", BERLIN));
        assertThat(rules.earliest(at("2027-01-08T18:00", BERLIN), BERLIN, null))
                .as("Friday evening -> Monday morning").isEqualTo(at("2027-01-11T09:00", BERLIN));
    }

    @Test
    void newYork_theWeekendClocksGoForward_mondayIsStill9InTheMorningThere() {
        // 14 March 2027: EST (UTC-5) -> EDT (UTC-4)
        Instant fridayEvening = at("2027-03-12T18:00", NEW_YORK);
        Instant sendAt = rules.earliest(fridayEvening, NEW_YORK, null);
        assertThat(sendAt.atZone(NEW_YORK).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2027-03-15T09:00"));
        assertThat(sendAt).isEqualTo(Instant.parse("2027-03-15T13:00:00Z"));
        // the Friday before, 09:00 was an hour later in UTC
        assertThat(rules.earliest(at("2027-03-12T05:00", NEW_YORK), NEW_YORK, null)).isEqualTo(Instant.parse("2027-03-12T14:00:00Z"));
    }

    @Test
    void newYork_theWeekendClocksGoBack() {
        // 7 November 2027: EDT -> EST
        Instant sendAt = rules.earliest(at("2027-11-05T17:30", NEW_YORK), NEW_YORK, null);
        assertThat(sendAt).isEqualTo(Instant.parse("2027-11-08T14:00:00Z"));
        assertThat(sendAt.atZone(NEW_YORK).getHour()).isEqualTo(9);
    }

    @Test
    void berlin_bothChangesOfTheYear() {
        // 28 March 2027: CET (UTC+1) -> CEST (UTC+2); 31 October 2027: back
        assertThat(rules.earliest(at("2027-03-26T20:00", BERLIN), BERLIN, null)).isEqualTo(Instant.parse("2027-03-29T07:00:00Z"));
        assertThat(rules.earliest(at("2027-10-29T20:00", BERLIN), BERLIN, null)).isEqualTo(Instant.parse("2027-11-01T08:00:00Z"));
        // the window closes at 17:00 local on either side
        assertThat(rules.earliest(at("2027-03-29T16:59", BERLIN), BERLIN, null)).isEqualTo(at("2027-03-29T16:59", BERLIN));
        assertThat(rules.earliest(at("2027-03-29T17:00", BERLIN), BERLIN, null)).isEqualTo(Instant.parse("2027-03-30T07:00:00Z"));
    }

    @Test
    void aTemplateWithASendDayWaitsForThatWeekday() {
        Instant thursday = at("2027-01-07T10:00", BERLIN);
        Instant sendAt = rules.earliest(thursday, BERLIN, DayOfWeek.WEDNESDAY);
        assertThat(sendAt).isEqualTo(at("2027-01-13T09:00", BERLIN));
        assertThat(rules.earliest(at("2027-01-13T18:00", BERLIN), BERLIN, DayOfWeek.WEDNESDAY))
                .as("Wednesday after hours: next Wednesday").isEqualTo(at("2027-01-20T09:00", BERLIN));
    }

    @Test
    void theCapHoldsTheNextEmailUntilThePeriodSinceTheNthLatestHasPassed() {
        SendingRules threeAWeek = new SendingRules(null, new SendingRules.FrequencyCap(3, Duration.ofDays(7)));
        Instant monday = at("2027-01-04T09:00", BERLIN);
        List<Instant> two = List.of(monday, monday.plus(Duration.ofDays(1)));
        assertThat(threeAWeek.afterCap(monday.plus(Duration.ofDays(2)), two)).as("under the cap").isEqualTo(monday.plus(Duration.ofDays(2)));
        List<Instant> three = List.of(monday, monday.plus(Duration.ofDays(1)), monday.plus(Duration.ofDays(2)));
        assertThat(threeAWeek.afterCap(monday.plus(Duration.ofDays(3)), three)).isEqualTo(monday.plus(Duration.ofDays(7)));
        assertThat(new SendingRules(null, new SendingRules.FrequencyCap(0, null)).afterCap(monday, three))
                .as("0 switches the cap off").isEqualTo(monday);
    }

    @Test
    void anEmailHeldForALaterDayDoesNotBlockAnEarlierFreeDay() {
        Instant monday = at("2027-01-25T15:00", BERLIN);
        Instant wednesday = at("2027-01-27T09:00", BERLIN); // tips held for Wednesday
        assertThat(rules.afterCap(monday, List.of(wednesday))).as("one a day: Monday is free").isEqualTo(monday);
        Instant tuesday = at("2027-01-26T20:00", BERLIN);
        assertThat(rules.afterCap(at("2027-01-26T10:00", BERLIN), List.of(wednesday)))
                .as("Tuesday 10:00 is within a day of Wednesday 09:00").isEqualTo(at("2027-01-28T09:00", BERLIN));
        assertThat(rules.afterCap(tuesday, List.of(monday))).as("Monday's is more than a day before").isEqualTo(tuesday);
    }
}
