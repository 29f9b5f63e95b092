package io.touchline.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * One free SMTP port per test JVM: GreenMail listens on it and the application sends to it, so
 * several builds on one machine do not deliver into each other's mail server.
 */
public class TestSmtp implements EnvironmentPostProcessor {

    public static final int PORT = freePort();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addFirst(new MapPropertySource("test-smtp",
                java.util.Map.of("spring.mail.port", PORT)));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
