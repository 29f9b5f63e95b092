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
            return invalid(response);
        }
        return question(model, email.get(), token, known(answer) ? answer : null);
    }

    @PostMapping("/rhythm/{token}")
    String answer(@PathVariable String token, @RequestParam(required = false) String answer, Model model,
            HttpServletResponse response) {
        Optional<String> email = links.emailOf(token);
        if (email.isEmpty()) {
            return invalid(response);
        }
        if (!known(answer)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", "Please pick one of the three answers.");
            return question(model, email.get(), token, null);
        }
        feedback.answer(email.get(), answer);
        model.addAttribute("email", email.get());
        model.addAttribute("token", token);
        model.addAttribute("chosen", answer);
        model.addAttribute("last", answer);
        model.addAttribute("done", true);
        return "rhythm";
    }

    /** The question, with {@code chosen} marked and the contact's last answer below. */
    private String question(Model model, String email, String token, String chosen) {
        model.addAttribute("email", email);
        model.addAttribute("token", token);
        model.addAttribute("chosen", chosen);
        model.addAttribute("last", feedback.lastAnswer(email).orElse(null));
        model.addAttribute("done", false);
        return "rhythm";
    }

    private static boolean known(String answer) {
        return answer != null && RhythmFeedback.ANSWERS.contains(answer);
    }

    private static String invalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "link-invalid";
    }
}
