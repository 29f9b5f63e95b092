package io.touchline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.touchline.account.AccountRepository;
import io.touchline.account.AccountStatus;
import io.touchline.support.Journeys;
import io.touchline.support.TouchlineTest;

/**
 * A foreign page in a CSM's or CS Ops' browser, which holds their Basic credentials, tries to change
 * the book: every such request is refused before it reaches the login, and changes nothing; the
 * same requests from Touchline's own pages and from systems without a browser (the CRM) work.
 */
@TouchlineTest
class CrossSiteRequestTest {

    private static final String EVIL = "https://evil.example";

    @LocalServerPort
    int port;
    @Autowired
    Journeys journeys;
    @Autowired
    AccountRepository accounts;
    @Autowired
    RuntimeService runtime;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startClock() {
        journeys.startClock();
    }

    @AfterEach
    void cleanUp() {
        journeys.cleanUp();
    }

    @Test
    void aForeignPageCannotImportAccountsEvenAsPlainText() throws Exception {
        String id = Journeys.newExternalId("CSRF-IMPORT");
        String csv = "externalId,name,arr,renewalDate,timeZone,contactName,contactEmail\n"
                + id + ",Forged Co,12000," + Journeys.today().plusDays(300) + ",UTC,Jo Doe,jo@forged.example\n";

        // what a cross-site form or fetch without a preflight can send: text/plain, from its own origin
        assertThat(send("POST", "/api/accounts/import", "ops", "text/plain", csv, EVIL, "cross-site").statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/accounts/import", "ops", "text/csv", csv, EVIL, null).statusCode()).isEqualTo(403);
        // text/plain is not a CSV upload, whoever sends it
        HttpResponse<String> plain = send("POST", "/api/accounts/import", "crm", "text/plain", csv, null, null);
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).contains("errors");
        assertThat(accounts.findByExternalId(id)).isEmpty();

        // the CRM (no browser, no Origin) imports as before
        assertThat(send("POST", "/api/accounts/import", "crm", "text/csv", csv, null, null).statusCode()).isEqualTo(201);
        assertThat(accounts.findByExternalId(id)).isPresent();
    }

    @Test
    void aForeignPageCannotChurnAnAccountButTouchlinesOwnPageCan() throws Exception {
        String id = Journeys.newExternalId("CSRF-CHURN");
        journeys.enrol(id, 30_000, false, false, Journeys.today().plusDays(365), Journeys.today().minusDays(10), null,
                "pod-atlas");

        HttpResponse<String> forged = send("POST", "/api/accounts/" + id + "/churn", "ops", "application/json", "{}", EVIL,
                null);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("another origin");
        assertThat(send("POST", "/api/accounts/" + id + "/churn", "ops", "application/json", "{}", null, "same-site")
                .statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/accounts/" + id + "/churn", "ops", "application/json", "{}", "null", null)
                .statusCode()).isEqualTo(403);
        assertThat(accounts.findByExternalId(id).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);

        HttpResponse<String> own = send("POST", "/api/accounts/" + id + "/churn", "ops", "application/json", "{}",
                "http://localhost:" + port, "same-origin");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(accounts.findByExternalId(id).orElseThrow().status()).isEqualTo(AccountStatus.CHURNED);
    }

    @Test
    void aForeignFormCannotStartAWhatIfNorTheEngineRestApiStartAJourney() throws Exception {
        String boundary = "----forged";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"changes\"\r\n\r\nmedium-touch:check-in=P14D\r\n--"
                + boundary + "--\r\n";
        HttpResponse<String> whatIf = send("POST", "/whatif", "ops", "multipart/form-data; boundary=" + boundary, form, EVIL,
                "cross-site");
        // refused before the page: no run, no redirect to one
        assertThat(whatIf.statusCode()).isEqualTo(403);
        assertThat(whatIf.headers().firstValue("Location")).isEmpty();

        long journeysBefore = runtime.createProcessInstanceQuery().count();
        assertThat(send("POST", "/engine-rest/process-definition/key/journey-tech-touch/start", "ops", "text/plain",
                "{}", EVIL, "cross-site").statusCode()).isEqualTo(403);
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(journeysBefore);
        // reading stays open to any page the user opens (it changes nothing)
        assertThat(send("GET", "/api/accounts?limit=1", "ops", null, null, EVIL, "cross-site").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String user, String contentType, String body,
            String origin, String fetchSite) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (fetchSite != null) {
            request.header("Sec-Fetch-Site", fetchSite);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
