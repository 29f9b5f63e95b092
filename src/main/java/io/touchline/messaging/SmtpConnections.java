package io.touchline.messaging;

import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * SMTP connections as spring.mail.* configures them (host, port, user, password, properties such as
 * STARTTLS): the same settings Spring Boot's mail sender uses, with the connection in the outbox's
 * hands.
 */
@Component
class SmtpConnections implements MailConnections {

    private final JavaMailSenderImpl sender;

    SmtpConnections(JavaMailSender sender) {
        if (!(sender instanceof JavaMailSenderImpl impl)) {
            throw new IllegalStateException("The outbox needs Spring Boot's mail sender (spring.mail.*), not " + sender.getClass());
        }
        this.sender = impl;
    }

    @Override
    public Session session() {
        return sender.getSession();
    }

    @Override
    public MailConnection open() throws MessagingException {
        Transport transport = sender.getSession().getTransport(sender.getProtocol() == null ? "smtp" : sender.getProtocol());
        transport.connect(sender.getHost(), sender.getPort(), sender.getUsername(), sender.getPassword());
        return new MailConnection() {
            @Override
            public void send(MimeMessage message) throws MessagingException {
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }

            @Override
            public void close() {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // the messages were handed over already; a failed QUIT changes nothing
                }
            }
        };
    }
}
