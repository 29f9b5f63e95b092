package io.touchline.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import io.touchline.messaging.PublicUrl;

/**
 * Refuses a state-changing request that a browser sends from another site. A browser adds its
 * cached Basic credentials to any request to this host, so a foreign page could otherwise create
 * accounts, start what-ifs or churn accounts with a CSM's login. Browsers say where a request comes
 * from ({@code Sec-Fetch-Site}, {@code Origin}); requests without either (the CRM, curl, the Modeler)
 * are not from a browser page and pass. Safe methods (GET, HEAD, OPTIONS) pass: they change nothing.
 * The contact pages (preferences, unsubscribe) are not behind a login (their link's signature is the
 * credential), and mail clients post one-click unsubscribes from elsewhere: this filter is not on
 * them. Camunda's webapps have their own CSRF tokens.
 */
class SameOriginRequests extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final PublicUrl publicUrl;

    SameOriginRequests(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = SAFE_METHODS.contains(request.getMethod()) ? null : problem(request);
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"errors\":[{\"field\":\"Origin\",\"message\":\"" + problem + "\"}]}");
    }

    /** Why this request looks cross-site, or null. */
    private String problem(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "a request from another site (Sec-Fetch-Site: " + site.replaceAll("[^a-z-]", "")
                    + ") may not change anything here";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            return "a request from another origin may not change anything here";
        }
        return null;
    }

    private boolean sameOrigin(String origin, HttpServletRequest request) {
        String host = request.getHeader("Host");
        String own = request.getScheme() + "://" + (host != null ? host : request.getServerName() + ":" + request.getServerPort());
        return origin(origin).equals(origin(own)) || origin(origin).equals(origin(publicUrl.get()));
    }

    /** scheme://host:port with the default port written out, or "" when it is not a URL ("null"). */
    private static String origin(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "";
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
