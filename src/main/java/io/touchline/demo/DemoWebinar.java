package io.touchline.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.touchline.EngineClock;
import io.touchline.account.Tier;
import io.touchline.webinar.WebinarRequest;
import io.touchline.webinar.WebinarService;

/**
 * One demo webinar for the low- and tech-touch demo accounts, about 10 days after the first
 * start-up (a weekday, 16:00 UTC): scheduled late, so its invitations arrive at once and the 1-day
 * reminder follows. Only once: a restart does not schedule another.
 */
@Component
class DemoWebinar {

    static final String SCHEDULED_BY = "demo";

    private static final Logger log = LoggerFactory.getLogger(DemoWebinar.class);

    private final WebinarService webinars;

    DemoWebinar(WebinarService webinars) {
        this.webinars = webinars;
    }

    void ensure() {
        if (webinars.anyScheduledBy(SCHEDULED_BY)) {
            return;
        }
        LocalDate day = EngineClock.today(ZoneOffset.UTC).plusDays(10);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        var scheduled = webinars.schedule(new WebinarRequest("Dashboards your team will actually use",
                day.atTime(LocalTime.of(16, 0)).atOffset(ZoneOffset.UTC).toString(),
                "https://meet.acme-cloud.example/w/dashboards", List.of(Tier.LOW_TOUCH.code(), Tier.TECH_TOUCH.code())),
                SCHEDULED_BY);
        log.info("Demo webinar {} scheduled for {}: {}", scheduled.webinar().id(), scheduled.webinar().startsAt(),
                scheduled.planned());
    }
}
