package io.touchline.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing per client and user, not per user: after {@value #FREE_FAILURES} wrong
 * passwords for one user from one address, that address waits before it may try that user again
 * (30 s, doubling with each further wrong one up to 15 min), answered 429 with Retry-After.
 * Anyone else, the CRM with the right password included, logs in as before: a stranger's guesses
 * cannot lock a user out. The engine's
 * own per-user lock (which did exactly that) is off (application.yaml: loginMaxAttempts,
 * loginDelayBase). Covers HTTP Basic on Touchline's API and pages and on /engine-rest, and the
 * Camunda webapps' login form. Wall-clock time: this is about real attackers, not the engine clock.
 * Behind a reverse proxy, set server.forward-headers-strategy so the client's address is seen.
 */
class LoginThrottle extends OncePerRequestFilter {

    static final int FREE_FAILURES = 10;
    private static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);
    private static final int KEPT = 10_000;
    private static final String WEBAPP_LOGIN = "/camunda/api/admin/auth/user/";
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private static final class Failures {
        int count;
        Instant blockedUntil = Instant.MIN;
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isWebappLogin(request)) {
            request = new ReplayedBody(request);
        }
        String user = user(request);
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getRemoteAddr() + " " + user.toLowerCase(Locale.ROOT);
        Failures known = failures.get(key);
        Instant now = Instant.now();
        if (known != null) {
            synchronized (known) {
                if (known.blockedUntil.isAfter(now)) {
                    long seconds = Math.max(1, Duration.between(now, known.blockedUntil).toSeconds());
                    response.setStatus(429);
                    response.setHeader("Retry-After", String.valueOf(seconds));
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.setCharacterEncoding("UTF-8");
                    response.getWriter().write("{\"errors\":[{\"field\":\"Authorization\",\"message\":\"too many wrong"
                            + " passwords for this user from this address; try again in " + seconds + " s\"}]}");
                    return;
                }
            }
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            failed(key, now);
        } else if (known != null && response.getStatus() < 400) {
            failures.remove(key);
        }
    }

    private void failed(String key, Instant now) {
        if (failures.size() > KEPT) {
            failures.entrySet().removeIf(e -> e.getValue().blockedUntil.isBefore(now));
        }
        Failures entry = failures.computeIfAbsent(key, k -> new Failures());
        synchronized (entry) {
            entry.count++;
            if (entry.count >= FREE_FAILURES) {
                Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(entry.count - FREE_FAILURES, 10));
                entry.blockedUntil = now.plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
                log.warn("{} wrong passwords for {}: that address waits until {}", entry.count, key, entry.blockedUntil);
            }
        }
    }

    /** The user a request logs in as: HTTP Basic, or the webapps' login form; null if none. */
    private static String user(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon > 0 ? decoded.substring(0, colon) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (request instanceof ReplayedBody login) {
            for (String pair : new String(login.body, StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("username=")) {
                    return URLDecoder.decode(pair.substring("username=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static boolean isWebappLogin(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getRequestURI().startsWith(WEBAPP_LOGIN)
                && request.getRequestURI().contains("/login/");
    }

    /**
     * The login form read here and handed on unread: the webapps' login reads the body itself (asking
     * the container for the parameters would take it away from it).
     */
    private static final class ReplayedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayedBody(HttpServletRequest request) throws IOException {
            super(request);
            this.body = request.getInputStream().readNBytes(16 * 1024);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the login form is read at once");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
