package io.touchline.messaging.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.touchline.messaging.ContactLinks;
import io.touchline.messaging.ContactPreferences;
import io.touchline.messaging.ContactPreferences.Channel;
import io.touchline.messaging.ContactPreferences.Choice;
import io.touchline.messaging.ContactPreferences.Choices;
import io.touchline.messaging.ContactPreferences.Frequency;
import io.touchline.messaging.ContactPreferences.Type;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The preference page a contact reaches from the footer of every email: no login, the signed link
 * names the contact. Per communication type in or out and how often at most, and a preferred
 * channel. The journeys honour a saved choice from their next send on.
 */
@Controller
class PreferenceController {

    private final ContactLinks links;
    private final ContactPreferences preferences;
    private final String productName;

    PreferenceController(ContactLinks links, ContactPreferences preferences, io.touchline.messaging.MailProperties mail) {
        this.links = links;
        this.preferences = preferences;
        this.productName = mail.productName();
    }

    @GetMapping("/preferences/{token}")
    String page(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<String> email = links.emailOf(token);
        if (email.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "link-invalid";
        }
        return show(model, productName, email.get(), preferences.choicesOf(email.get()), false, List.of());
    }

    /**
     * The form sends {@code subscribed} once per ticked type, {@code frequency-<type>} and
     * {@code channel}. An unknown value saves nothing and shows the page again with the problem.
     */
    @PostMapping("/preferences/{token}")
    String save(@PathVariable String token, @RequestParam MultiValueMap<String, String> form, Model model,
            HttpServletResponse response) {
        Optional<String> email = links.emailOf(token);
        if (email.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "link-invalid";
        }
        List<String> problems = new ArrayList<>();
        List<String> subscribed = form.getOrDefault("subscribed", List.of());
        subscribed.stream().filter(code -> Type.of(code).isEmpty())
                .forEach(code -> problems.add("There is no kind of email called \"" + code + "\"."));
        List<Choice> types = new ArrayList<>();
        for (Type type : Type.values()) {
            String frequency = Optional.ofNullable(form.getFirst("frequency-" + type.code)).orElse("").trim();
            Optional<Frequency> chosen = Frequency.of(frequency);
            if (!frequency.isEmpty() && chosen.isEmpty()) {
                problems.add("\"" + frequency + "\" is not a frequency for " + type.label + ".");
            }
            types.add(new Choice(type, subscribed.contains(type.code), chosen.orElse(null)));
        }
        String channelCode = Optional.ofNullable(form.getFirst("channel")).orElse(Channel.EMAIL.code);
        Optional<Channel> channel = Channel.of(channelCode);
        if (channel.isEmpty()) {
            problems.add("\"" + channelCode + "\" is not a channel we offer.");
        }
        Choices choices = new Choices(types, channel.orElse(Channel.EMAIL));
        if (!problems.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(model, productName, email.get(), choices, false, problems);
        }
        preferences.save(email.get(), choices);
        return show(model, productName, email.get(), preferences.choicesOf(email.get()), true, List.of());
    }

    private static String show(Model model, String productName, String email, Choices choices, boolean saved,
            List<String> problems) {
        model.addAttribute("productName", productName);
        model.addAttribute("email", email);
        model.addAttribute("choices", choices);
        model.addAttribute("frequencies", Arrays.asList(Frequency.values()));
        model.addAttribute("channels", Arrays.asList(Channel.values()));
        model.addAttribute("saved", saved);
        model.addAttribute("problems", problems);
        return "preferences";
    }
}
