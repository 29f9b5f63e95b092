package io.touchline.calendar.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/** The calendar and capacity over HTTP: who sees which accounts, bad input, the pages. */
class PlanningApiTest extends ProcessTestBase {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    AccountService accounts;

    @Test
    void aCsmsCalendarHoldsTheirOwnAccountsTouches_managersSeeEveryone() {
        String dana = Journeys.newExternalId("CAL-DANA");
        String marco = Journeys.newExternalId("CAL-MARCO");
        journeys.enrol(dana, 150_000, false, false, daysFromNow(80), daysFromNow(-200), "dana", null);
        journeys.enrol(marco, 150_000, false, false, daysFromNow(300), daysFromNow(-200), "marco", null);

        JsonNode calendar = rest.withBasicAuth("dana", "dana").getForObject("/api/calendar", JsonNode.class);
        assertThat(calendar.path("weeks")).hasSize(12);
        List<JsonNode> touches = allTouches("dana", "/api/calendar");
        assertThat(touches).isNotEmpty().allSatisfy(t -> assertThat(t.path("account").asText()).isEqualTo(dana));
        assertThat(touches).anySatisfy(t -> {
            assertThat(t.path("step").asText()).isEqualTo("Task_CheckInCall");
            assertThat(t.path("owner").asText()).isEqualTo("dana");
            assertThat(t.path("kind").asText()).isEqualTo("check-in-call");
            assertThat(t.path("hours").asDouble()).isEqualTo(0.5);
        });
        assertThat(touches).as("the countdown's 60-day step of the renewal in 80 days")
                .anySatisfy(t -> assertThat(t.path("step").asText()).isEqualTo("Task_ScheduleRenewalDiscussion"));

        JsonNode all = rest.withBasicAuth("morgan", "morgan").getForObject("/api/calendar?account=" + marco, JsonNode.class);
        assertThat(all.path("touches")).isNotEmpty().allSatisfy(t -> assertThat(t.path("owner").asText()).isIn("marco", ""));
    }

    @Test
    void theCapacityPlanShowsEachBookAgainstTheGuidesRange() {
        journeys.enrol(Journeys.newExternalId("BOOK-DANA"), 150_000, false, false, daysFromNow(300), daysFromNow(-200),
                "dana", null);
        journeys.enrol(Journeys.newExternalId("BOOK-POD"), 50_000, false, false, daysFromNow(300), daysFromNow(-200),
                null, "pod-atlas");

        JsonNode books = rest.withBasicAuth("morgan", "morgan").getForObject("/api/capacity", JsonNode.class).path("books");
        JsonNode dana = null;
        JsonNode atlas = null;
        for (JsonNode b : books) {
            if (b.path("owner").asText().equals("dana") && b.path("tier").asText().equals("high-touch")) {
                dana = b;
            }
            if (b.path("owner").asText().equals("pod-atlas")) {
                atlas = b;
            }
        }
        assertThat(dana).isNotNull();
        assertThat(dana.path("name").asText()).isEqualTo("Dana Whitfield");
        assertThat(dana.path("guidePerCsm").asText()).isEqualTo("15-30");
        assertThat(dana.path("perCsm").asInt()).isEqualTo(dana.path("accounts").asInt()).isPositive();
        assertThat(atlas.path("guidePerGroup").asText()).isEqualTo("200-300");
        assertThat(atlas.path("csms").asInt()).isGreaterThan(1);

        String page = rest.withBasicAuth("morgan", "morgan").getForObject("/capacity", String.class);
        assertThat(page).contains("Book sizes against the guides").contains("data-owner=\"pod-atlas\"");
    }

    @Test
    void touchesAreListedInTheDayOrderThePageShows_acrossTimeZones() {
        // 09:00 on Kiritimati (UTC+14) is 19:00 UTC the day before, 09:00 in Pago Pago (UTC-11) is
        // 20:00 UTC the same day: Kiritimati's countdown step a day after Pago Pago's comes first in UTC
        // (Monday 25 and Tuesday 26 January 2027)
        String kiritimati = Journeys.newExternalId("CAL-KIRITIMATI");
        String pagoPago = Journeys.newExternalId("CAL-PAGO");
        accounts.enrol(Journeys.request(kiritimati, 150_000, false, false, daysFromNow(82), daysFromNow(-200),
                "dana", null, "Pacific/Kiritimati"), Journeys.CRM);
        accounts.enrol(Journeys.request(pagoPago, 150_000, false, false, daysFromNow(81), daysFromNow(-200),
                "dana", null, "Pacific/Pago_Pago"), Journeys.CRM);

        List<JsonNode> touches = allTouches("dana", "/api/calendar");
        List<String> days = new ArrayList<>();
        List<String> countdown = new ArrayList<>();
        touches.forEach(t -> {
            String account = t.path("account").asText();
            if (account.equals(kiritimati) || account.equals(pagoPago)) {
                days.add(t.path("date").asText());
                if (t.path("step").asText().equals("Task_ScheduleRenewalDiscussion")) {
                    countdown.add(account + " " + t.path("date").asText());
                }
            }
        });
        assertThat(days).hasSizeGreaterThan(4).isSorted();
        assertThat(countdown).as("the 60-day step, Pago Pago's a day before Kiritimati's")
                .containsExactly(pagoPago + " " + daysFromNow(21), kiritimati + " " + daysFromNow(22));
    }

    /** Every touch of the calendar, week after week and page after page, as a client reads them. */
    private List<JsonNode> allTouches(String user, String path) {
        List<JsonNode> touches = new ArrayList<>();
        JsonNode calendar = rest.withBasicAuth(user, user).getForObject(path, JsonNode.class);
        for (JsonNode week : calendar.path("weeks")) {
            String next = path + (path.contains("?") ? "&" : "?") + "week=" + week.path("monday").asText() + "&limit=3";
            while (next != null) {
                JsonNode page = rest.withBasicAuth(user, user).getForObject(next, JsonNode.class);
                assertThat(page.path("touches").size()).isLessThanOrEqualTo(3);
                page.path("touches").forEach(touches::add);
                next = page.hasNonNull("next") ? page.path("next").asText() : null;
            }
        }
        return touches;
    }

    @Test
    void badInputIsRefusedNamingTheField_andThePagesNeedALogin() {
        ResponseEntity<JsonNode> bad = rest.withBasicAuth("ops", "ops").getForEntity("/api/calendar?weeks=0", JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().path("errors").get(0).path("field").asText()).isEqualTo("weeks");
        assertThat(rest.withBasicAuth("ops", "ops").getForEntity("/api/capacity?weeks=53", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(rest.getForEntity("/capacity", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/calendar", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> page = rest.withBasicAuth("ops", "ops").getForEntity("/calendar?weeks=4", String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("Cadence calendar", "Touches per week");
    }
}
