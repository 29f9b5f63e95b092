package io.touchline.whatif;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

import io.touchline.messaging.MailConnections;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * In the what-if JVM the outbox dispatcher "delivers" over connections that never open: the real
 * dispatcher decides what would go (and marks it sent in the replay's own database), nothing
 * reaches any SMTP server.
 */
@Configuration
@Profile("whatif")
class WhatIfMailSink {

    @Bean
    @Primary
    MailConnections connectionsThatNeverConnect() {
        Session session = Session.getInstance(new java.util.Properties());
        return new MailConnections() {
            @Override
            public Session session() {
                return session;
            }

            @Override
            public MailConnection open() {
                return new MailConnection() {
                    @Override
                    public void send(MimeMessage message) {
                        // a what-if sends nothing
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
