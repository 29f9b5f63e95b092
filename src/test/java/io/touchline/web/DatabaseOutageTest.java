package io.touchline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import io.touchline.support.NodesDatabase;
import io.touchline.support.PostgresAvailable;
import io.touchline.support.SideNode;
import io.touchline.support.TcpProxy;

import io.touchline.support.Journeys;

/**
 * PostgreSQL restarts (here its connections are cut and refused, then let through again, by a relay
 * in front of it): meanwhile the API answers 503 with Retry-After and its error body and writes
 * nothing; the same request sent again once the database is back succeeds, with no one's help.
 */
@ExtendWith(PostgresAvailable.class)
class DatabaseOutageTest {

    @Test
    void whileTheDatabaseIsAwayTheApiAnswers503AndARetryLaterWorks() throws Exception {
        NodesDatabase.empty();
        try (TcpProxy database = new TcpProxy(NodesDatabase.HOST, NodesDatabase.PORT);
                ConfigurableApplicationContext app = start(NodesDatabase.url(database.port()))) {
            int port = SideNode.port(app);
            String id = Journeys.newExternalId("OUTAGE");
            String account = "{\"externalId\":\"" + id + "\",\"name\":\"Outage Co\",\"arr\":800,\"renewalDate\":\""
                    + java.time.LocalDate.now().plusDays(300) + "\",\"timeZone\":\"UTC\",\"contacts\":[{\"name\":\"Jo Doe\","
                    + "\"email\":\"jo@outage.example\"}]}";
            assertThat(send(port, "GET", "/api/accounts", null).statusCode()).isEqualTo(200);

            database.cut();
            try {
                // the login itself needs the database: both answers are the API's 503
                HttpResponse<String> read = send(port, "GET", "/api/accounts", null);
                assertThat(read.statusCode()).isEqualTo(503);
                assertThat(read.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(read.body()).contains("\"field\":\"database\"").contains("Try again");
                HttpResponse<String> enrol = send(port, "POST", "/api/accounts", account);
                assertThat(enrol.statusCode()).isEqualTo(503);
                assertThat(enrol.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
            } finally {
                database.restore();
            }

            // back: no one restarts Touchline; a client that honours Retry-After gets through once the
            // pool has replaced its broken connections, the account was not half-written, the retry enrols it
            assertThat(afterRetries(port, "/api/accounts/" + id).statusCode()).isEqualTo(404);
            assertThat(send(port, "POST", "/api/accounts", account).statusCode()).isEqualTo(201);
            assertThat(send(port, "GET", "/api/accounts/" + id, null).statusCode()).isEqualTo(200);
        }
    }

    /** The test profile on this database, with a pool that gives up waiting for a connection after a second. */
    private static ConfigurableApplicationContext start(String url) {
        return SideNode.start(url, Map.of("spring.datasource.hikari.connection-timeout", "1000"));
    }

    /** GET as a client that waits and retries while the answer is 503, for up to 10 seconds. */
    private static HttpResponse<String> afterRetries(int port, String path) throws Exception {
        HttpResponse<String> answer = send(port, "GET", path, null);
        for (int attempt = 0; attempt < 20 && answer.statusCode() == 503; attempt++) {
            Thread.sleep(500);
            answer = send(port, "GET", path, null);
        }
        return answer;
    }

    private static HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("crm:crm".getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
