package io.touchline.messaging;

import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Where customers reach Touchline's public pages (preferences, unsubscribe, click and open
 * tracking): {@code touchline.public-url} when it is set, else this server as it runs, on the
 * port it actually listens on ({@code --server.port=9090} or a random port), so the links in a
 * demo's emails lead back to it. Before the server has started, the configured
 * {@code server.port} stands in.
 */
@Component
public class PublicUrl implements Supplier<String>, ApplicationListener<WebServerInitializedEvent> {

    private final String configured;
    private volatile String running;

    PublicUrl(@Value("${touchline.public-url:}") String configured, @Value("${server.port:8080}") int port) {
        this.configured = withoutSlash(configured.strip());
        this.running = "http://localhost:" + (port > 0 ? port : 8080);
    }

    /** A fixed address (tests, and code that builds links outside an application). */
    public static PublicUrl of(String url) {
        return new PublicUrl(url, 8080);
    }

    @Override
    public String get() {
        return configured.isEmpty() ? running : configured;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // the application's own server, not a separate management port
        if (event.getApplicationContext().getServerNamespace() == null) {
            running = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
