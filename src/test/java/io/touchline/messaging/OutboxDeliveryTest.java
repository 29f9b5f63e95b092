package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.touchline.account.AccountRepository;
import io.touchline.support.FakeSmtpServer;
import io.touchline.support.Journeys;
import io.touchline.support.ProcessTestBase;
import io.touchline.support.TestSmtp;
import io.touchline.touchpoint.Timeline;

/**
 * The outbox against a real SMTP server: an outage loses nothing and sends nothing twice, a hard
 * bounce (5xx) suppresses the address and shows on the timeline, a 4xx is tried again.
 */
class OutboxDeliveryTest extends ProcessTestBase {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    AccountRepository accounts;
    @Autowired
    Timeline timeline;

    /** A tech-touch account: its welcome email is written at enrolment. */
    private String enrolWithWelcome(String prefix) {
        String id = Journeys.newExternalId(prefix);
        journeys.enrol(id, 1_000, false, false, daysFromNow(300), Journeys.today(), null, null);
        return id;
    }

    private List<Timeline.Entry> emailsOnTimeline(String id) {
        return timeline.of(accounts.findByExternalId(id).orElseThrow()).stream()
                .filter(e -> e.channel().equals("email")).toList();
    }

    @Test
    void anSmtpOutageOfTenMinutesLosesNothingAndSendsNothingTwice() throws Exception {
        MAIL.stop();
        String id = enrolWithWelcome("OUTAGE");
        journeys.executeDueJobs();
        for (int minute = 0; minute < 10; minute++) {
            journeys.advance(Duration.ofMinutes(1));
        }
        assertThat(outbox.pending()).as("held in the outbox while SMTP is down").isEqualTo(1);
        assertThat(emailsOnTimeline(id)).isEmpty();

        MAIL.start();
        for (int minute = 0; minute < 30; minute++) {
            journeys.advance(Duration.ofMinutes(1));
        }

        assertThat(outbox.pending()).isZero();
        assertThat(Arrays.stream(MAIL.getReceivedMessages()).map(ProcessTestBase::subject)).hasSize(1);
        assertThat(MAIL.getReceivedMessages()[0].getMessageID()).isEqualTo("<" + id + ".Send_Welcome.1@touchline>");
        assertThat(emailsOnTimeline(id)).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("sent"));
        journeys.advance(Duration.ofHours(2));
        assertThat(MAIL.getReceivedMessages()).as("no duplicate after recovery").hasSize(1);
    }

    @Test
    void aHardBounceSuppressesTheAddressAndShowsOnTheTimeline() throws Exception {
        MAIL.stop();
        String id;
        try (var server = new FakeSmtpServer(TestSmtp.PORT, "550 5.1.1 <nobody>: Recipient address rejected")) {
            id = enrolWithWelcome("BOUNCE");
            journeys.executeDueJobs();
        }
        MAIL.start();
        assertThat(outbox.pending()).as("a 5xx is not retried").isZero();
        assertThat(emailsOnTimeline(id)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("bounced");
            assertThat(e.notes()).contains("550");
        });

        journeys.advance(Duration.ofDays(8)); // the activation email of day 7
        assertThat(MAIL.getReceivedMessages()).as("the suppressed address gets nothing more").isEmpty();
        assertThat(emailsOnTimeline(id)).extracting(Timeline.Entry::outcome).containsExactly("bounced", "suppressed");
    }

    @Test
    void aTemporaryRefusalIsTriedAgain() throws Exception {
        MAIL.stop();
        String id;
        try (var server = new FakeSmtpServer(TestSmtp.PORT, "451 4.3.0 Try again later")) {
            id = enrolWithWelcome("SOFT");
            journeys.executeDueJobs();
        }
        assertThat(outbox.pending()).as("a 4xx waits for the next try").isEqualTo(1);
        MAIL.start();
        journeys.advance(Duration.ofMinutes(2));
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(emailsOnTimeline(id)).extracting(Timeline.Entry::outcome).containsExactly("sent");
    }

    @Test
    void twoNodesDispatchingAtOnceSendEachMessageOnce() throws Exception {
        for (int i = 0; i < 30; i++) {
            enrolWithWelcome("NODES");
        }
        // both start at the same moment; a dispatcher that throws fails the test (Future.get)
        var executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        var start = new java.util.concurrent.CountDownLatch(1);
        try {
            java.util.concurrent.Callable<Integer> dispatch = () -> {
                start.await();
                return dispatcher.dispatchDue();
            };
            var first = executor.submit(dispatch);
            var second = executor.submit(dispatch);
            start.countDown();
            int sentByFirst = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
            int sentBySecond = second.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(sentByFirst + sentBySecond).as("sent by the two dispatchers").isEqualTo(30);
        } finally {
            executor.shutdownNow();
        }
        assertThat(dispatcher.dispatchDue()).as("left for a later dispatch").isZero();

        var ids = Arrays.stream(MAIL.getReceivedMessages()).map(m -> {
            try {
                return m.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(ids).hasSize(30).doesNotHaveDuplicates();
    }
}
