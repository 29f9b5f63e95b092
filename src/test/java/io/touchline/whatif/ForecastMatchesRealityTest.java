package io.touchline.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import io.touchline.account.AccountRepository;
import io.touchline.account.AccountRequest;
import io.touchline.account.AccountService;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Forecast and reality agree: a tiny book (a new high-touch account, a medium-touch account whose
 * renewal comes inside the horizon, a new low-touch account, an established tech-touch account)
 * replayed by the what-if in its own JVM gives exactly the tasks per week, owner and kind, and the
 * emails and in-app messages per week, that the application's own engine then produces when this
 * test moves its clock through the same weeks and works the tasks the same way.
 */
class ForecastMatchesRealityTest extends ProcessTestBase {

    private static final int WEEKS = 10;

    @Autowired
    AccountService accounts;
    @Autowired
    AccountRepository accountRepository;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BookExport bookExport;

    @Test
    void theForecastOfATinyBookIsWhatTheEngineThenDoes(@TempDir Path work) {
        LocalDate today = Journeys.today();
        List<AccountRequest> book = List.of(
                Journeys.request(Journeys.newExternalId("WI-HIGH"), 180_000, false, false, today.plusDays(365), today,
                        "dana", null, "Europe/Berlin"),
                Journeys.request(Journeys.newExternalId("WI-MED"), 60_000, false, false, today.plusDays(50),
                        today.minusDays(315), null, "pod-atlas", "America/New_York"),
                Journeys.request(Journeys.newExternalId("WI-LOW"), 12_000, false, false, today.plusDays(365), today,
                        null, null, "UTC"),
                Journeys.request(Journeys.newExternalId("WI-TECH"), 2_000, false, false, today.plusDays(200),
                        today.minusDays(165), null, null, "Asia/Singapore"));

        // the accounts enrolled in this application, copied as the live app copies its book
        book.forEach(request -> accounts.enrol(request, Journeys.CRM));
        Set<String> ours = Set.of(book.stream().map(AccountRequest::externalId).toArray(String[]::new));
        Book exported = bookExport.export();
        Book copy = new Book(exported.exportedAt(), exported.accounts().stream()
                .filter(a -> ours.contains(a.externalId())).toList());
        assertThat(copy.accounts()).hasSize(4).allSatisfy(a -> assertThat(a.id()).isNotNull());

        // the forecast, in a what-if JVM of its own
        List<Integer> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        WhatIfLauncher.Outcome outcome = new WhatIfLauncher().run(
                new WhatIfLauncher.Request(copy, Journeys.START, WEEKS, ModelChange.NONE, false, 1, 1, null), work,
                (week, weeks, touches) -> progress.add(week));
        Forecast forecast = outcome.forecast();
        // the replay reports each week as it finishes it (the what-if page shows this as its progress)
        assertThat(progress).as("weeks reported done, in order").isSorted()
                .containsAll(java.util.stream.IntStream.rangeClosed(1, WEEKS).boxed().toList());

        // reality: the same accounts in this application, the clock moved through the same weeks
        Reality reality = live(book, new Horizon(Journeys.START, WEEKS));

        Map<String, Integer> forecastTasks = new TreeMap<>();
        forecast.load().forEach(l -> forecastTasks.put(l.week() + " " + l.owner() + " " + l.kind(), l.touches()));
        Map<String, Integer> forecastEmails = new TreeMap<>();
        Map<String, Integer> forecastInApp = new TreeMap<>();
        forecast.messages().stream().filter(m -> m.emails() > 0).forEach(m -> forecastEmails.put(m.week(), m.emails()));
        forecast.messages().stream().filter(m -> m.inApp() > 0).forEach(m -> forecastInApp.put(m.week(), m.inApp()));

        assertThat(forecast.accounts()).isEqualTo(4);
        assertThat(forecast.skipped()).isEmpty();
        assertThat(forecast.failures()).isEmpty();
        assertThat(forecast.weeks()).isEqualTo(WEEKS);
        assertThat(forecastTasks).as("tasks per week, owner and kind").isEqualTo(reality.tasks);
        assertThat(forecastEmails).as("emails per week").isEqualTo(reality.emails);
        assertThat(forecastInApp).as("in-app messages per week").isEqualTo(reality.inApp);
        // and the book was lively enough to mean something
        assertThat(forecastTasks.keySet()).anyMatch(k -> k.contains("dana kickoff-call"))
                .anyMatch(k -> k.contains("pod-atlas renewal-outcome")).anyMatch(k -> k.contains("cs-managers escalation"));
        assertThat(forecast.emails()).isGreaterThan(20);
        assertThat(forecast.inApp()).isPositive();
        assertThat(forecast.hours()).isPositive();
    }

    private record Reality(Map<String, Integer> tasks, Map<String, Integer> emails, Map<String, Integer> inApp) {
    }

    /** The application's own engine, driven day by day as the replay drives its copy. */
    private Reality live(List<AccountRequest> book, Horizon horizon) {
        String[] ids = book.stream().map(AccountRequest::externalId).toArray(String[]::new);
        Set<String> contacts = Set.of(book.stream().map(r -> r.contacts().get(0).email()).toArray(String[]::new));
        Map<String, Integer> taskCounts = new TreeMap<>();
        Map<String, Integer> emails = new TreeMap<>();
        int[] seenMails = {0};
        Runnable collectEmails = () -> {
            MimeMessage[] received = MAIL.getReceivedMessages();
            for (int i = seenMails[0]; i < received.length; i++) {
                if (contacts.contains(recipient(received[i]))) {
                    emails.merge(Horizon.weekOf(Journeys.now()), 1, Integer::sum);
                }
            }
            seenMails[0] = received.length;
        };
        Instant now = horizon.start();
        journeys.executeDueJobs();
        collectEmails.run();
        while (true) {
            List<Task> open = tasks.createTaskQuery().processInstanceBusinessKeyIn(ids).initializeFormKeys()
                    .orderByTaskCreateTime().asc().list();
            for (Task task : open) { // as a CSM sees them on their list
                String owner = task.getAssignee() != null ? task.getAssignee()
                        : tasks.getIdentityLinksForTask(task.getId()).stream()
                                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
                                .map(l -> l.getGroupId()).sorted().findFirst().orElseThrow();
                taskCounts.merge(Horizon.weekOf(task.getCreateTime().toInstant()) + " " + owner + " "
                        + task.getCamundaFormRef().getKey(), 1, Integer::sum);
            }
            for (Task task : open) { // then worked, one after the other
                if (tasks.createTaskQuery().taskId(task.getId()).count() > 0) {
                    String kind = task.getCamundaFormRef().getKey();
                    tasks.complete(task.getId(), CsmPolicy.formValues(kind,
                            CsmPolicy.RENEWAL_OUTCOME.equals(kind) ? renewalDateOf(task) : null));
                }
            }
            journeys.executeDueJobs();
            collectEmails.run();
            Instant next = now.plus(Duration.ofDays(1));
            if (!next.isBefore(horizon.end())) {
                break;
            }
            now = next;
            ClockUtil.setCurrentTime(Date.from(now));
            journeys.executeDueJobs();
            collectEmails.run();
        }
        Map<String, Integer> inApp = new TreeMap<>();
        jdbc.query("select m.created_at from in_app_message m join account a on a.id = m.account_id where a.external_id in ("
                + "?, ?, ?, ?)", (RowCallbackHandler) rs -> inApp.merge(Horizon.weekOf(rs.getTimestamp(1).toInstant()), 1,
                        Integer::sum), (Object[]) ids);
        return new Reality(taskCounts, emails, inApp);
    }

    private LocalDate renewalDateOf(Task task) {
        String externalId = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
                .singleResult().getBusinessKey();
        return accountRepository.findByExternalId(externalId).orElseThrow().renewalDate();
    }

    private static String recipient(MimeMessage message) {
        try {
            return ((InternetAddress) message.getAllRecipients()[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
