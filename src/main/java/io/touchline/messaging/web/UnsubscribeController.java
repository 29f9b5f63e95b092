package io.touchline.messaging.web;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.touchline.messaging.ContactLinks;
import io.touchline.messaging.ContactPreferences;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One-click unsubscribe (RFC 8058) from the link in every email of an opt-out-able type: no login,
 * no cookie; the signed link names the contact. GET only shows the page (mail scanners follow
 * links); the POST, from the page or the mail client, unsubscribes, and a repeat changes nothing.
 */
@Controller
class UnsubscribeController {

    private final ContactLinks links;
    private final ContactPreferences preferences;

    UnsubscribeController(ContactLinks links, ContactPreferences preferences) {
        this.links = links;
        this.preferences = preferences;
    }

    @GetMapping("/unsubscribe/{token}/{type}")
    String confirm(@PathVariable String token, @PathVariable String type, Model model, HttpServletResponse response) {
        Optional<String> email = valid(token, type);
        if (email.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "link-invalid";
        }
        model.addAttribute("email", email.get());
        model.addAttribute("type", type);
        model.addAttribute("done", preferences.optedOut(email.get(), type));
        return "unsubscribe";
    }

    @PostMapping("/unsubscribe/{token}/{type}")
    String unsubscribe(@PathVariable String token, @PathVariable String type, Model model, HttpServletResponse response) {
        Optional<String> email = valid(token, type);
        if (email.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "link-invalid";
        }
        preferences.optOut(email.get(), type);
        model.addAttribute("email", email.get());
        model.addAttribute("type", type);
        model.addAttribute("done", true);
        return "unsubscribe";
    }

    private Optional<String> valid(String token, String type) {
        if (!type.matches("[a-z-]{1,30}") || !ContactPreferences.canOptOut(type)) {
            return Optional.empty();
        }
        return links.emailOf(token);
    }

}
