package io.touchline.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;

import io.touchline.account.Viewer;
import io.touchline.messaging.PublicUrl;

/**
 * Logins everywhere, against the engine's users and groups (the ones Camunda Admin manages):
 * HTTP Basic on Touchline's /api, its docs and demo pages, and on /engine-rest; the Camunda
 * webapps keep their own login. Camunda authorization is on (application.yaml). Only in a web
 * application: the what-if JVM runs the application without a web server.
 */
@Configuration
@ConditionalOnWebApplication
class SecurityConfig {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/demo/**", "/calendar",
                "/capacity", "/whatif", "/whatif/**", "/model", "/model/**", "/experiments", "/experiments/**",
                "/results", "/results/**", "/accounts", "/accounts/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName("Touchline"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Actuator: liveness answers anyone (the orchestrator's probe); readiness, the full health,
     * metrics and the Prometheus scrape need a login of CS Ops, CS managers, admins or a user in
     * the "monitoring" group (the Prometheus scraper's).
     */
    @Bean
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health/liveness").permitAll()
                        .anyRequest().hasAnyAuthority(Viewer.ADMINS, Viewer.CS_OPS, Viewer.CS_MANAGERS, MONITORING))
                .httpBasic(basic -> basic.realmName("Touchline"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** The group of the metrics scraper's user: it reads health and metrics, nothing else. */
    static final String MONITORING = "monitoring";

    /** Checks the password with the engine's identity service; the user's groups become authorities. */
    @Bean
    AuthenticationProvider camundaIdentity(IdentityService identity) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String user = authentication.getName();
                String password = String.valueOf(authentication.getCredentials());
                if (user == null || !identity.checkPassword(user, password)) {
                    throw new BadCredentialsException("Wrong user or password");
                }
                List<SimpleGrantedAuthority> groups = identity.createGroupQuery().groupMember(user).list().stream()
                        .map(Group::getId).map(SimpleGrantedAuthority::new).toList();
                return new UsernamePasswordAuthenticationToken(user, null, groups);
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }

    /**
     * Before any login check: a state-changing request from another site's page is refused on
     * Touchline's API and pages and on /engine-rest ({@link SameOriginRequests}).
     */
    @Bean
    FilterRegistrationBean<SameOriginRequests> sameOriginRequests(PublicUrl publicUrl) {
        FilterRegistrationBean<SameOriginRequests> registration = new FilterRegistrationBean<>(new SameOriginRequests(publicUrl));
        registration.setName("same-origin-requests");
        registration.addUrlPatterns("/api/*", "/engine-rest/*", "/demo/*", "/whatif", "/whatif/*", "/calendar", "/capacity",
                "/model", "/model/*", "/experiments", "/experiments/*",
                "/results", "/results/*", "/accounts", "/accounts/*");
        registration.setOrder(Integer.MIN_VALUE + 5);
        return registration;
    }

    /** Wrong passwords slow down their sender, not the user they guess at ({@link LoginThrottle}). */
    @Bean
    FilterRegistrationBean<LoginThrottle> loginThrottle() {
        FilterRegistrationBean<LoginThrottle> registration = new FilterRegistrationBean<>(new LoginThrottle());
        registration.setName("login-throttle");
        registration.addUrlPatterns("/*");
        registration.setOrder(Integer.MIN_VALUE + 7);
        return registration;
    }

    /** /engine-rest is open by default; this puts the engine's own HTTP Basic check in front of it. */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(Integer.MIN_VALUE + 10);
        return registration;
    }
}
