package io.touchline.webinar;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import org.springframework.stereotype.Component;

import io.touchline.journey.Schedule;

/**
 * Date arithmetic on a webinar's start for the timers of processes/webinar-invitations.bpmn; the
 * periods stay in the diagram: {@code ${webinars.before(webinarId, 'P14D')}},
 * {@code ${webinars.startOf(webinarId)}}. A webinar starts at one instant for everyone, so the
 * steps run at that instant minus the period; each contact's email then waits for their own send
 * window (AutomatedEmail).
 */
@Component("webinars")
public class WebinarSchedule {

    private final WebinarRepository webinars;

    WebinarSchedule(WebinarRepository webinars) {
        this.webinars = webinars;
    }

    /** The period before the webinar's start (a timer in the past fires at once). */
    public Date before(Object webinarId, String period) {
        return Date.from(startsAt(webinarId).atZone(ZoneOffset.UTC).minus(Schedule.amount(period)).toInstant());
    }

    public Date startOf(Object webinarId) {
        return Date.from(startsAt(webinarId));
    }

    private Instant startsAt(Object webinarId) {
        long id = idOf(webinarId);
        return webinars.findById(id).orElseThrow(() -> new IllegalStateException("No webinar " + id)).startsAt();
    }

    static long idOf(Object webinarId) {
        if (webinarId instanceof Number number) {
            return number.longValue();
        }
        if (webinarId instanceof String text && !text.isBlank()) {
            return Long.parseLong(text.trim());
        }
        throw new IllegalArgumentException("Not a webinar id: " + webinarId);
    }
}
