package io.touchline.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import io.touchline.account.Viewer;

/** The logged-in user of a request as the domain sees it. */
public final class CurrentViewer {

    private CurrentViewer() {
    }

    public static Viewer of(Authentication authentication) {
        Set<String> groups = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toUnmodifiableSet());
        return new Viewer(authentication.getName(), groups);
    }
}
