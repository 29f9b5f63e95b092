package io.touchline.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.support.Journeys;
import io.touchline.support.NodesDatabase;
import io.touchline.support.PostgresAvailable;
import io.touchline.support.SideNode;

/**
 * Several nodes on one PostgreSQL: a what-if asked through a node that does not replay
 * ({@code touchline.whatif.replays=false}) waits for a node that does; any node answers its
 * progress and its result; a node that stops mid-replay hands the run back and another finishes it.
 */
@ExtendWith(PostgresAvailable.class)
class WhatIfOnSeveralNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FAST = Map.of("touchline.whatif.poll-interval", "PT0.2S",
            "touchline.whatif.jvms", "1");

    @Test
    void anyNodeAnswersAWhatIfAndOnlyNodesThatReplayRunIt() throws Exception {
        NodesDatabase.empty();
        try (ConfigurableApplicationContext front = SideNode.start(NodesDatabase.url(NodesDatabase.PORT),
                with(FAST, "touchline.whatif.replays", "false"))) {
            int frontPort = SideNode.port(front);
            // a medium-touch account with its pod, a high-touch one with its CSM, a low-touch one
            String[] owners = {",\"pod\":\"pod-atlas\"", ",\"csm\":\"dana\"", ""};
            long[] arr = {30_000, 150_000, 8_000};
            for (int i = 0; i < 3; i++) {
                String account = "{\"externalId\":\"" + Journeys.newExternalId("NODES") + "\",\"name\":\"Nodes Co " + i
                        + "\",\"arr\":" + arr[i] + owners[i] + ",\"renewalDate\":\"" + LocalDate.now().plusDays(200)
                        + "\",\"timeZone\":\"UTC\",\"contacts\":[{\"name\":\"Jo Doe\",\"email\":\"jo" + i + "@nodes.example\"}]}";
                HttpResponse<String> enrolled = send(frontPort, "POST", "/api/accounts", account);
                assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
            }
            HttpResponse<String> asked = send(frontPort, "POST", "/api/whatif",
                    "{\"weeks\":52,\"every\":[\"medium-touch:check-in=P14D\"]}");
            assertThat(asked.statusCode()).isEqualTo(202);
            String path = asked.headers().firstValue("Location").orElseThrow();

            // the node that took the request does not replay: the what-if waits, queued
            long until = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < until) {
                assertThat(read(frontPort, path).path("state").asText()).isEqualTo("queued");
                Thread.sleep(200);
            }

            // a node that replays takes it; stopped mid-replay, it hands the run back
            try (ConfigurableApplicationContext first = SideNode.start(NodesDatabase.url(NodesDatabase.PORT), FAST)) {
                JsonNode running = await(frontPort, path, "running");
                assertThat(read(SideNode.port(first), path).path("id").asText()).isEqualTo(running.path("id").asText());
            }
            assertThat(read(frontPort, path).path("state").asText()).isEqualTo("queued");

            // another node finishes it; both nodes answer the same result
            try (ConfigurableApplicationContext second = SideNode.start(NodesDatabase.url(NodesDatabase.PORT), FAST)) {
                JsonNode done = await(frontPort, path, "done");
                assertThat(done.path("progress").asText()).isEqualTo("52/52 weeks");
                assertThat(done.path("every").toString()).contains("medium-touch:check-in=P14D");
                assertThat(done.path("result").path("accounts").asInt()).isEqualTo(3);
                assertThat(done.path("result").path("calendar")).hasSize(52);
                assertThat(read(SideNode.port(second), path)).isEqualTo(done);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> settings, String name, String value) {
        var all = new java.util.HashMap<>(settings);
        all.put(name, value);
        return all;
    }

    /** Polls through a node until the what-if is in this state (or done or failed), for up to 3 minutes. */
    private static JsonNode await(int port, String path, String state) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        JsonNode run = read(port, path);
        while (!run.path("state").asText().matches(state + "|done|failed") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            run = read(port, path);
        }
        assertThat(run.path("state").asText()).as("%s (error: %s)", path, run.path("error").asText()).isEqualTo(state);
        return run;
    }

    private static JsonNode read(int port, String path) throws Exception {
        HttpResponse<String> answer = send(port, "GET", path, null);
        assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:ops".getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
