package io.touchline.messaging.web;

import java.util.Base64;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

import io.touchline.messaging.EmailEngagement;

/**
 * The tracking links in automated emails, public like the unsubscribe page (the signed token is the
 * only credential). The pixel always answers an image; a click redirects only to the target its
 * token signs, and any other token gets a plain error page, never a redirect.
 */
@Controller
class TrackingController {

    /** A transparent 1x1 GIF. */
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final EmailEngagement engagement;

    TrackingController(EmailEngagement engagement) {
        this.engagement = engagement;
    }

    @GetMapping("/t/o/{token}")
    ResponseEntity<byte[]> open(@PathVariable String token, jakarta.servlet.http.HttpServletRequest request) {
        engagement.opened(token, request.getHeader("User-Agent") == null ? "" : request.getHeader("User-Agent"),
                request.getRemoteAddr());
        return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore()).body(PIXEL);
    }

    @GetMapping("/t/c/{token}")
    ModelAndView click(@PathVariable String token) {
        return engagement.clicked(token).map(target -> {
            RedirectView redirect = new RedirectView(target.toString());
            redirect.setExpandUriTemplateVariables(false);
            redirect.setExposeModelAttributes(false);
            redirect.setStatusCode(HttpStatus.FOUND);
            return new ModelAndView(redirect);
        }).orElseGet(() -> new ModelAndView("link-invalid", HttpStatus.NOT_FOUND));
    }
}
