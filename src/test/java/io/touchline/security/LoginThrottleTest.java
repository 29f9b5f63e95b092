package io.touchline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.touchline.support.TouchlineTest;

/**
 * A stranger guesses passwords for the CRM's user and a CSM's, from another address (127.0.0.2):
 * after ten wrong ones the stranger waits (429, Retry-After), while the CRM and the CSM, from their
 * own address and with their right passwords, keep working: on the API, on /engine-rest and in the
 * Camunda webapps' login.
 */
@TouchlineTest
class LoginThrottleTest {

    private static final String STRANGER = "127.0.0.2";
    private static final String OFFICE = "127.0.0.1";

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    io.touchline.support.Journeys journeys;

    @org.junit.jupiter.api.BeforeEach
    @org.junit.jupiter.api.AfterEach
    void startClock() {
        journeys.startClock();
    }

    @Test
    void aStrangersGuessesSlowTheStrangerAndLockNoOneOut() throws Exception {
        for (int guess = 1; guess <= 15; guess++) {
            int stranger = basic(STRANGER, "/api/accounts", "crm", "guess-" + guess);
            assertThat(stranger).as("guess %d", guess).isEqualTo(guess <= LoginThrottle.FREE_FAILURES ? 401 : 429);
            assertThat(basic(OFFICE, "/api/accounts", "crm", "crm")).as("the CRM after guess %d", guess).isEqualTo(200);
        }
        // the throttle is per user and address: the stranger is slowed on crm, not on every user
        assertThat(basic(STRANGER, "/api/accounts", "casey", "casey")).isEqualTo(200);
        String slowed = raw(STRANGER, "GET /api/accounts HTTP/1.1\r\nAuthorization: " + authorization("crm", "crm") + "\r\n");
        assertThat(slowed).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After:")
                .contains("too many wrong passwords");

        for (int guess = 1; guess <= 12; guess++) {
            basic(STRANGER, "/engine-rest/task/count", "sam", "guess-" + guess);
        }
        assertThat(basic(OFFICE, "/engine-rest/task/count", "sam", "sam")).isEqualTo(200);
        assertThat(basic(STRANGER, "/engine-rest/task/count", "sam", "sam")).isEqualTo(429);

        for (int guess = 1; guess <= 12; guess++) {
            webappLogin(STRANGER, "lee", "guess-" + guess);
        }
        assertThat(webappLogin(OFFICE, "lee", "lee")).isEqualTo(200);
        assertThat(webappLogin(STRANGER, "lee", "lee")).isEqualTo(429);
    }

    private int basic(String from, String path, String user, String password) throws Exception {
        return status(raw(from, "GET " + path + " HTTP/1.1\r\nAuthorization: " + authorization(user, password) + "\r\n"));
    }

    /** As the Tasklist page logs in: its session and CSRF cookie first, then the form. */
    private int webappLogin(String from, String user, String password) throws Exception {
        String page = raw(from, "GET /camunda/app/tasklist/default/ HTTP/1.1\r\n");
        java.util.List<String> cookies = new java.util.ArrayList<>();
        String token = null;
        for (String line : page.split("\n")) {
            if (line.regionMatches(true, 0, "Set-Cookie: ", 0, 12)) {
                String cookie = line.substring(12).split(";")[0].strip();
                cookies.add(cookie);
                if (cookie.startsWith("XSRF-TOKEN=")) {
                    token = cookie.substring("XSRF-TOKEN=".length());
                }
            }
        }
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return status(raw(from, "POST /camunda/api/admin/auth/user/default/login/tasklist HTTP/1.1\r\n"
                + "Cookie: " + String.join("; ", cookies) + "\r\nX-XSRF-TOKEN: " + token + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form));
    }

    private static String authorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** One HTTP request from a given local address (Java's HTTP clients cannot choose it); the whole answer. */
    private String raw(String from, String requestHead) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(20_000);
            String request = requestHead.contains("\r\n\r\n") ? requestHead.replaceFirst("\r\n", "\r\nHost: localhost\r\nConnection: close\r\n")
                    : requestHead + "Host: localhost\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            StringBuilder answer = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null;) {
                answer.append(line).append('\n');
            }
            return answer.toString();
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }
}
