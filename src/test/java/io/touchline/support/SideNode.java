package io.touchline.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.touchline.TouchlineApplication;

/**
 * A Touchline node started by a test beside the suite's own application, on the PostgreSQL database
 * for several nodes: the test profile, a web server on a free port, an engine of its own name.
 */
public final class SideNode {

    private SideNode() {
    }

    /** Starts a node on this database URL (usually {@link NodesDatabase}), with these settings on top. */
    public static ConfigurableApplicationContext start(String url, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spring.profiles.active", "test");
        all.put("spring.datasource.url", url);
        all.put("spring.datasource.username", NodesDatabase.USER);
        all.put("spring.datasource.password", NodesDatabase.PASSWORD);
        all.put("camunda.bpm.process-engine-name", "node" + UUID.randomUUID().toString().replace("-", ""));
        all.put("server.port", "0");
        // the webapps' bootstrap keeps static state that closing a second one in this JVM would clear
        all.put("camunda.bpm.webapp.enabled", "false");
        all.putAll(settings);
        List<String> args = new ArrayList<>();
        all.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(TouchlineApplication.class).web(WebApplicationType.SERVLET)
                .logStartupInfo(false).run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
