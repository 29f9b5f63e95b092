package io.touchline.messaging;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * SMTP connections for the outbox: one is opened for a batch, and each message is handed over on
 * its own, so the outbox knows which messages the server accepted before anything went wrong.
 */
public interface MailConnections {

    /** The mail session messages are built in. */
    Session session();

    MailConnection open() throws MessagingException;

    /** One SMTP connection. */
    interface MailConnection extends AutoCloseable {

        /** Returns once the server accepted the message; throws if it refused it or the connection broke. */
        void send(MimeMessage message) throws MessagingException;

        @Override
        void close();
    }
}
