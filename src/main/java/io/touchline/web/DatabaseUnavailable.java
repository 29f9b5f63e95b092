package io.touchline.web;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database restarts (or no connection is free), the API answers 503 with
 * {@code Retry-After} and its usual error body, not a bare 500: the request changed nothing and may
 * be sent again. Around everything else on /api, so a login check that cannot reach the users table
 * answers the same way.
 */
@Configuration
@ConditionalOnWebApplication
class DatabaseUnavailable {

    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> databaseUnavailableFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException | RuntimeException e) {
                    if (!causedByOutage(e) || response.isCommitted()) {
                        throw e;
                    }
                    log.warn("{} {}: the database is not reachable ({}); answered 503", request.getMethod(),
                            request.getRequestURI(), rootMessage(e));
                    response.resetBuffer();
                    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                    response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.setCharacterEncoding("UTF-8");
                    response.getWriter().write("{\"errors\":[{\"field\":\"database\",\"message\":\"Touchline's database"
                            + " is not reachable right now; nothing was changed. Try again in " + RETRY_AFTER_SECONDS
                            + " seconds.\"}]}");
                }
            }
        });
        registration.setName("database-unavailable");
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Integer.MIN_VALUE);
        return registration;
    }

    /**
     * A lost or refused database connection somewhere in the causes: SQL state class 08 or 57P01-57P03,
     * no connection from the pool, or a rollback that failed on the connection (the first failure is
     * then kept beside it).
     */
    static boolean causedByOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
            if (t instanceof TransactionSystemException rollback
                    && (rollback.getCause() instanceof SQLException || causedByOutage(rollback.getApplicationException()))) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
