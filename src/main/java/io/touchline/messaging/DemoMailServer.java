package io.touchline.messaging;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

/**
 * The demo's embedded SMTP server (GreenMail) on localhost: journeys deliver to it over real SMTP,
 * and /demo/mailbox shows what arrived. Off when touchline.demo-mail.enabled=false (real SMTP).
 */
@Component
@ConditionalOnProperty(name = "touchline.demo-mail.enabled", havingValue = "true")
public class DemoMailServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoMailServer.class);

    private final int port;
    private GreenMail greenMail;

    DemoMailServer(@Value("${touchline.demo-mail.smtp-port:2525}") int port) {
        this.port = port;
    }

    @Override
    public void start() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        log.info("Demo mail server listening on smtp://127.0.0.1:{}; read the emails at /demo/mailbox", port);
    }

    @Override
    public void stop() {
        greenMail.stop();
        greenMail = null;
    }

    @Override
    public boolean isRunning() {
        return greenMail != null;
    }

    /** Start before anything that sends. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }

    /** Newest first. */
    public List<MimeMessage> received() {
        return Arrays.stream(greenMail.getReceivedMessages())
                .sorted(Comparator.comparing(DemoMailServer::sentDate).reversed()).toList();
    }

    private static java.util.Date sentDate(MimeMessage m) {
        try {
            return m.getSentDate() != null ? m.getSentDate() : new java.util.Date(0);
        } catch (jakarta.mail.MessagingException e) {
            return new java.util.Date(0);
        }
    }
}
