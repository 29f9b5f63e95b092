package io.touchline.web;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.touchline.security.CurrentViewer;

/**
 * What every page's navigation needs to know about the person reading it: links to pages that are
 * not theirs (the what-if is for CS Ops and CS managers) are not shown.
 */
@ControllerAdvice(basePackages = "io.touchline")
class PageNavigation {

    @ModelAttribute("leadsTheTeam")
    boolean leadsTheTeam(Authentication user) {
        return user != null && user.isAuthenticated() && CurrentViewer.of(user).leadsTheTeam();
    }
}
