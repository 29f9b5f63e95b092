package io.touchline.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.AccountRequest;
import io.touchline.account.Scope;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;

/**
 * The calendar's forecast for a tiny book is what the engine then does: the touches planned for
 * the next 12 weeks (onboarding days, cadence loops in their slots, the renewal countdown's steps)
 * are, day for day, the tasks and messages the journeys create when the clock moves through the
 * same 12 weeks and the CSMs do each task the day it comes. The forecast is read as the pages read
 * it, from the planned-touches read model, at the start and again six weeks in, after the journeys
 * moved: the read model follows them.
 */
class ForecastMatchesRealityTest extends ProcessTestBase {

    @Autowired
    TouchCalendar calendar;
    @Autowired
    AccountRepository accounts;
    @Autowired
    TaskService tasks;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlannedTouches planned;
    @Autowired
    io.touchline.account.AccountService accountService;

    private static final Scope EVERYONE = new Scope(true, null, Set.of(), Set.of());

    @Test
    void theNext12WeeksHappenAsTheCalendarSaid() {
        String high = Journeys.newExternalId("FC-HIGH");   // growth, renewal countdown inside the horizon
        String medium = Journeys.newExternalId("FC-MED");  // onboarding, then monthly cadence
        String low = Journeys.newExternalId("FC-LOW");     // quarterly check-in emails, monthly digest
        String tech = Journeys.newExternalId("FC-TECH");   // activation emails, feature discovery in the app
        journeys.enrol(high, 150_000, false, false, daysFromNow(100), daysFromNow(-200), "dana", null);
        journeys.enrol(medium, 50_000, false, false, daysFromNow(300), daysFromNow(-20), null, "pod-atlas");
        journeys.enrol(low, 12_000, false, false, daysFromNow(250), daysFromNow(-200), null, null);
        journeys.enrol(tech, 2_000, false, false, daysFromNow(300), daysFromNow(-3), null, null);
        happensAsForecast(List.of(high, medium, low, tech), 84, 15);
    }

    /**
     * "Every account knows its next 12 months": the calendar's 52 weeks, from a new Tier 1 account's
     * onboarding through its first quarters and into its renewal countdown, and an at-risk account's
     * weekly recovery check-ins, are what then happens. The Tier 1 account is a retailer: its busy
     * season (blackout-periods.dmn: no business reviews from October to December) holds in both.
     */
    @Test
    void theNext52WeeksHappenAsTheCalendarSaid() {
        String high = Journeys.newExternalId("FC52-HIGH");  // onboarding, bi-weekly check-ins, QBRs, countdown
        String medium = Journeys.newExternalId("FC52-MED"); // growth, at risk: recovery check-ins on top
        String low = Journeys.newExternalId("FC52-LOW");
        AccountRequest retailer = Journeys.request(high, 150_000, false, false, daysFromNow(400), Journeys.today(), "dana", null);
        accountService.enrol(new AccountRequest(retailer.externalId(), retailer.name(), retailer.arr(), retailer.strategic(),
                retailer.trial(), retailer.renewalDate(), retailer.customerSince(), retailer.timeZone(), retailer.csm(),
                retailer.pod(), retailer.contacts(), null, "Retail"), Journeys.CRM);
        journeys.enrol(medium, 50_000, false, false, daysFromNow(390), daysFromNow(-200), null, "pod-atlas");
        journeys.enrol(low, 12_000, false, false, daysFromNow(380), daysFromNow(-200), null, null);
        accountService.recordHealthScore(medium, 20, Journeys.CRM);
        journeys.completeAsHeld(tasks.createTaskQuery().processInstanceBusinessKey(medium).singleResult(), "priya");
        Set<String> happened = happensAsForecast(List.of(high, medium, low), 364, 100);

        // the retailer's quarterly reviews: held every quarter of the year but none in October to December
        List<LocalDate> reviews = happened.stream().filter(t -> t.startsWith(high + " Task_Qbr "))
                .map(t -> LocalDate.parse(t.substring(t.lastIndexOf(' ') + 1))).sorted().toList();
        assertThat(reviews).as("the retailer's quarterly business reviews").hasSizeGreaterThanOrEqualTo(2)
                .noneMatch(day -> day.getMonthValue() >= 10);
        assertThat(reviews.get(reviews.size() - 1)).as("the fourth quarter's review waits for January")
                .isAfter(LocalDate.of(2027, 12, 31));
    }

    /**
     * An open task is on the calendar on its due day, and what follows it too: a kickoff call not
     * yet held does not hide the rest of onboarding.
     */
    @Test
    void whatFollowsAnOpenTaskIsForecastFromItsDueDay() {
        String high = Journeys.newExternalId("FC-OPEN");
        journeys.enrol(high, 150_000, false, false, daysFromNow(400), Journeys.today(), "dana", null);
        LocalDate day0 = Journeys.today();
        journeys.advance(Duration.ofDays(3));
        assertThat(journeys.openTasks(high)).extracting(Task::getTaskDefinitionKey).containsExactly("Task_KickoffCall");

        Set<String> forecast = forecast(List.of(accounts.findByExternalId(high).orElseThrow()),
                Journeys.now().plus(Duration.ofDays(40)));
        assertThat(forecast).contains(high + " Task_KickoffCall " + day0.plusDays(4),
                high + " Task_WeekOneCheckIn " + day0.plusDays(7),
                high + " Task_ImplementationCheckIn " + day0.plusDays(14),
                high + " Task_MilestoneReview " + day0.plusDays(28));
    }

    /**
     * The read model's forecast for {@code days}, at the start and again six weeks in, against what
     * the engine does while the CSMs do each task the day it comes.
     */
    private Set<String> happensAsForecast(List<String> ids, int days, int atLeast) {
        journeys.advance(Duration.ofMinutes(1)); // what enrolment did at once is done: the forecast starts after it
        List<Account> book = ids.stream().map(id -> accounts.findByExternalId(id).orElseThrow()).toList();
        Instant start = Journeys.now();
        // the clock stops on the last day at the time of day it started: what comes due at that moment
        // (a weekly recovery check-in a week after a task done at that time) is inside the horizon
        Instant horizon = start.plus(Duration.ofDays(days)).plus(Duration.ofMinutes(30));

        Set<String> forecast = forecast(book, horizon);
        assertThat(forecast).as("the read model says what the diagrams say")
                .isEqualTo(calendar.plan(book, horizon).stream().map(t -> t.account() + " " + t.step() + " " + t.date())
                        .collect(Collectors.toCollection(TreeSet::new)));
        Set<String> forecastAt42 = null;
        LocalDate day42 = null;

        Set<String> reality = new TreeSet<>();
        for (int day = 0; day <= days; day++) {
            if (day > 0) {
                journeys.advance(Duration.ofDays(1)); // the last step lands on the horizon itself
            }
            for (String id : ids) {
                for (Task task : journeys.openTasksOfAccount(id)) {
                    reality.add(id + " " + task.getTaskDefinitionKey() + " " + date(task.getCreateTime().toInstant()));
                    journeys.completeAsHeld(task, task.getAssignee() != null ? task.getAssignee() : "priya");
                }
            }
            if (day == 41) {
                // six weeks in, the journeys have moved: what the read model plans from tomorrow on
                forecastAt42 = forecast(book, horizon);
                day42 = date(Journeys.now()).plusDays(1);
            }
        }
        // the automated touches as the journey steps wrote them (when they were due, not when
        // delivered), from the moment of the forecast on
        jdbc.query("select a.external_id, m.id, m.created_at from outbox_message m join account a on a.id = m.account_id",
                rs -> {
                    if (!rs.getTimestamp(3).toInstant().isBefore(start)) {
                        reality.add(rs.getString(1) + " " + rs.getString(2).split("/")[1] + " "
                                + date(rs.getTimestamp(3).toInstant()));
                    }
                });
        jdbc.query("select a.external_id, m.message_key, m.created_at from in_app_message m join account a on a.id = m.account_id",
                rs -> {
                    if (!rs.getTimestamp(3).toInstant().isBefore(start)) {
                        reality.add(rs.getString(1) + " " + rs.getString(2).split("/")[1] + " "
                                + date(rs.getTimestamp(3).toInstant()));
                    }
                });
        reality.removeIf(touch -> ids.stream().noneMatch(touch::contains));

        assertThat(forecast).as("a non-trivial forecast").hasSizeGreaterThan(atLeast);
        assertThat(forecast).containsExactlyElementsOf(reality);
        LocalDate from = day42;
        assertThat(forecastAt42).as("six weeks in, the rest of the forecast").hasSizeGreaterThan(5)
                .containsExactlyElementsOf(reality.stream().filter(t -> !LocalDate.parse(t.substring(t.lastIndexOf(' ') + 1))
                        .isBefore(from)).toList());
        return reality;
    }

    /** The book's touches until the horizon, as the calendar reads them from the read model. */
    private Set<String> forecast(List<Account> book, Instant horizon) {
        planned.catchUp(EVERYONE, null, Duration.ofMinutes(1));
        Set<String> forecast = new TreeSet<>();
        for (Account account : book) {
            planned.touchesUntil(EVERYONE, account.externalId(), null, LocalDate.ofInstant(horizon, ZoneOffset.UTC).plusWeeks(1), 1000)
                    .stream().filter(t -> t.at().isBefore(horizon))
                    .forEach(t -> forecast.add(t.account() + " " + t.step() + " " + t.date()));
        }
        return forecast;
    }

    private static LocalDate date(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
