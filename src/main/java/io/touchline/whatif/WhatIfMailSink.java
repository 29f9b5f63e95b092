package io.touchline.whatif;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import jakarta.mail.internet.MimeMessage;

/**
 * In the what-if JVM the outbox dispatcher "delivers" into this mail sender, which never opens a
 * connection: the real dispatcher decides what would go (and marks it sent in the replay's own
 * database), nothing reaches any SMTP server.
 */
@Configuration
@Profile("whatif")
class WhatIfMailSink {

    @Bean
    @Primary
    JavaMailSender mailSenderThatNeverConnects() {
        return new JavaMailSenderImpl() {
            @Override
            protected void doSend(MimeMessage[] mimeMessages, Object[] originalMessages) {
                // a what-if sends nothing
            }
        };
    }
}
