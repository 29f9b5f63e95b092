package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.icegreen.greenmail.util.GreenMail;

import io.touchline.support.NodeProcess;
import io.touchline.support.NodesDatabase;
import io.touchline.support.PostgresAvailable;
import jakarta.mail.internet.MimeMessage;

/**
 * Two Touchline nodes (two JVMs) on one PostgreSQL deliver 1,000 due emails; one is killed with
 * SIGKILL in the middle of its deliveries. Every email arrives, at most one of them twice (the one
 * the dead node had handed to the SMTP server but not yet marked sent), and the survivor sends the
 * dead node's claimed emails once its claim has expired, about 30 seconds after the kill.
 */
@ExtendWith(PostgresAvailable.class)
class OutboxNodeKillPostgresTest {

    private static final int EMAILS = 1000;
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aNodeKilledMidDeliverySendsAtMostOneEmailTwiceAndItsClaimGoesToTheOtherNode() throws Exception {
        NodesDatabase.empty();
        int smtpPort = freePort();
        GreenMail smtp = new GreenMail(io.touchline.support.TestSmtp.setup(smtpPort));
        smtp.start();
        Process a = null;
        Process b = null;
        try {
            a = node("a", smtpPort);
            awaitStarted(a, "a");
            b = node("b", smtpPort);
            awaitStarted(b, "b");
            // each node's dispatcher starts polling 5 s after its start
            Thread.sleep(6000);
            enqueue(EMAILS);

            // mid-batch (batches are 50): A has handed some of its batch to the server, not all
            awaitReceived(smtp, 175, Duration.ofSeconds(60));
            a.destroyForcibly().waitFor();
            Instant killed = Instant.now();
            int receivedAtKill = smtp.getReceivedMessages().length;

            Instant allThere = awaitAllDistinct(smtp, Duration.ofSeconds(120));
            List<String> ids = messageIds(smtp);
            Set<String> distinct = new HashSet<>(ids);
            int duplicates = ids.size() - distinct.size();
            Duration takeover = Duration.between(killed, allThere);
            System.out.printf("node kill: %d received at the kill, %d received in all for %d distinct (%d sent twice),"
                    + " 0 lost, all delivered %.1f s after the kill%n", receivedAtKill, ids.size(), distinct.size(),
                    duplicates, takeover.toMillis() / 1000.0);

            assertThat(distinct).hasSize(EMAILS);
            assertThat(duplicates).as("emails sent twice").isLessThanOrEqualTo(1);
            assertThat(takeover).as("time until the dead node's emails went").isLessThan(CLAIM_TIMEOUT.plusSeconds(20));
            assertThat(unsentRows()).isZero();
        } finally {
            for (Process node : Arrays.asList(a, b)) {
                if (node != null) {
                    node.destroyForcibly().waitFor();
                }
            }
            smtp.stop();
        }
    }

    /** A Touchline node in its own JVM with this test's SMTP server, delivering only (no job executor). */
    private static Process node(String name, int smtpPort) throws IOException {
        return NodeProcess.start(name, List.of("--server.port=0",
                "--touchline.demo.team=false", "--touchline.demo.accounts=false", "--touchline.demo-mail.enabled=false",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--touchline.outbox.poll-interval=PT0.5S", "--touchline.outbox.claim-timeout=" + CLAIM_TIMEOUT,
                "--camunda.bpm.job-execution.enabled=false"));
    }

    private static void awaitStarted(Process node, String name) throws Exception {
        NodeProcess.awaitStarted(node, name);
    }

    /** {@code count} emails due now, for one account, as the journeys write them. */
    private static void enqueue(int count) throws Exception {
        try (Connection db = DriverManager.getConnection(NodesDatabase.url(NodesDatabase.PORT), NodesDatabase.USER,
                NodesDatabase.PASSWORD)) {
            db.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now().minusSeconds(60));
            long account;
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into account (version, external_id, name, arr, strategic, trial, renewal_date, customer_since,
                                         time_zone, tier, status, created_at)
                    values (0, 'KILL-1', 'Kill Test Co', 800, false, false, current_date + 300, current_date - 200,
                            'UTC', 'TECH_TOUCH', 'ACTIVE', ?)""", new String[] {"id"})) {
                insert.setTimestamp(1, now);
                insert.executeUpdate();
                try (var keys = insert.getGeneratedKeys()) {
                    keys.next();
                    account = keys.getLong(1);
                }
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into outbox_message (id, account_id, template, title, from_name, from_address, recipient_name,
                                                recipient, subject, text_body, html_body, created_at, next_attempt_at, attempts)
                    values (?, ?, 'value-summary', 'Value summary', 'Acme Cloud', 'success@acme-cloud.example', ?, ?, ?, ?, ?,
                            ?, ?, 0)""")) {
                for (int i = 0; i < count; i++) {
                    insert.setString(1, "KILL-1/value-summary/" + i);
                    insert.setLong(2, account);
                    insert.setString(3, "Contact " + i);
                    insert.setString(4, "contact" + i + "@kill.example");
                    insert.setString(5, "Your value summary " + i);
                    insert.setString(6, "Hello " + i);
                    insert.setString(7, "<p>Hello " + i + "</p>");
                    insert.setTimestamp(8, now);
                    insert.setTimestamp(9, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
        }
    }

    private static int unsentRows() throws Exception {
        try (Connection db = DriverManager.getConnection(NodesDatabase.url(NodesDatabase.PORT), NodesDatabase.USER,
                NodesDatabase.PASSWORD); var query = db.createStatement().executeQuery(
                        "select count(*) from outbox_message where sent_at is null")) {
            query.next();
            return query.getInt(1);
        }
    }

    private static void awaitReceived(GreenMail smtp, int count, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (smtp.getReceivedMessages().length < count) {
            assertThat(Instant.now()).as("%d emails received in time", count).isBefore(until);
            Thread.sleep(5);
        }
    }

    private static Instant awaitAllDistinct(GreenMail smtp, Duration within) throws Exception {
        Instant until = Instant.now().plus(within);
        while (new HashSet<>(messageIds(smtp)).size() < EMAILS) {
            assertThat(Instant.now()).as("all %d emails received in time", EMAILS).isBefore(until);
            Thread.sleep(100);
        }
        return Instant.now();
    }

    private static List<String> messageIds(GreenMail smtp) throws Exception {
        List<String> ids = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            ids.add(message.getHeader("Message-ID", null));
        }
        return ids;
    }

    private static int freePort() throws IOException {
        return NodeProcess.freePort();
    }
}
