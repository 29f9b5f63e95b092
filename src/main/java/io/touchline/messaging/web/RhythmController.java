package io.touchline.messaging.web;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.touchline.messaging.ContactLinks;
import io.touchline.touchpoint.RhythmFeedback;
import jakarta.servlet.http.HttpServletResponse;

/**
 * "How often should we reach out?" from the check-in emails: no login, the signed link names the
 * contact. A GET only shows the question with the answer the email's link carried marked (mail
 * scanners follow links); the contact's click on the page records it.
 */
@Controller
class RhythmController {

    private final ContactLinks links;
    private final RhythmFeedback feedback;

    RhythmController(ContactLinks links, RhythmFeedback feedback) {
        this.links = links;
        this.feedback = feedback;
    }

    @GetMapping("/rhythm/{token}")
    String ask(@PathVariable String token, @RequestParam(required = false) String answer, Model model,
            HttpServletResponse response) {
        Optional<String> email = links.emailOf(token);
        if (email.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "link-invalid";
        }
        model.addAttribute("email", email.get());
        model.addAttribute("token", token);
        model.addAttribute("chosen", answer != null && RhythmFeedback.ANSWERS.contains(answer) ? answer : null);
        model.addAttribute("last", feedback.lastAnswer(email.get()).orElse(null));
        model.addAttribute("done", false);
        return "rhythm";
    }

    @PostMapping("/rhythm/{token}")
    String answer(@PathVariable String token, @RequestParam(required = false) String answer, Model model,
            HttpServletResponse response) {
        Optional<String> email = links.emailOf(token);
        if (email.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "link-invalid";
        }
        model.addAttribute("email", email.get());
        model.addAttribute("token", token);
        if (answer == null || !RhythmFeedback.ANSWERS.contains(answer)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("chosen", null);
            model.addAttribute("last", feedback.lastAnswer(email.get()).orElse(null));
            model.addAttribute("done", false);
            model.addAttribute("problem", "Please pick one of the three answers.");
            return "rhythm";
        }
        feedback.answer(email.get(), answer);
        model.addAttribute("chosen", answer);
        model.addAttribute("last", answer);
        model.addAttribute("done", true);
        return "rhythm";
    }
}
