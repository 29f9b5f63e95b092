package io.touchline.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.icegreen.greenmail.util.ServerSetup;

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

    /**
     * GreenMail on {@link #PORT}. GreenMail waits 2 s for its server to start; on a loaded two-core
     * machine a restart after a played outage has taken longer, so it waits up to 20 s.
     */
    public static ServerSetup setup() {
        return setup(PORT);
    }

    public static ServerSetup setup(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(20_000);
        return setup;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addFirst(new MapPropertySource("test-smtp",
                java.util.Map.of("spring.mail.port", PORT)));
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up on Linux, 49152 and up elsewhere).
     * Tests stop and restart GreenMail to play an outage; a port from the ephemeral range may in the
     * meantime become the local end of an outgoing connection (a new database connection), and the
     * restart then fails to bind.
     */
    private static int freePort() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + random.nextInt(12000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("No free port for the test SMTP server in 20000-31999"));
    }
}
