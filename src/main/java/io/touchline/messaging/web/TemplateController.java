package io.touchline.messaging.web;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.messaging.AccountMail;
import io.touchline.messaging.ContactPreferences;
import io.touchline.security.CurrentViewer;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** CS Ops look at a template as an account would get it, and send it to themselves, before a journey uses it. */
@RestController
@RequestMapping(path = "/api/templates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Email templates", description = "Preview and test-send the templates in src/main/resources/mail")
class TemplateController {

    record Preview(String template, String communicationType, String from, String replyTo, String to, String subject,
            String text, String html) {
    }

    private final AccountMail mails;
    private final AccountRepository accounts;
    private final ContactPreferences preferences;
    private final JavaMailSender mailSender;
    private final IdentityService identity;

    TemplateController(AccountMail mails, AccountRepository accounts, ContactPreferences preferences,
            JavaMailSender mailSender, IdentityService identity) {
        this.mails = mails;
        this.accounts = accounts;
        this.preferences = preferences;
        this.mailSender = mailSender;
        this.identity = identity;
    }

    @GetMapping
    @Operation(summary = "The templates, with their communication type and the tiers that have their own version")
    Map<String, Object> list(Authentication user) throws IOException {
        requireTeamLead(user);
        Map<String, List<String>> folders = new TreeMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:mail/*/*.txt")) {
            String path = Objects.requireNonNull(resource.getURL().getPath());
            String[] parts = path.substring(path.lastIndexOf("mail/") + 5).split("/");
            if (parts[0].equals("parts")) {
                continue; // pieces every email includes (the preference footer), not emails of their own
            }
            folders.computeIfAbsent(parts[1].replace(".txt", ""), k -> new java.util.ArrayList<>()).add(parts[0]);
        }
        Map<String, Object> answer = new TreeMap<>();
        folders.forEach((name, in) -> {
            ContactPreferences.Rule rule = preferences.ruleOf(name);
            Map<String, Object> about = new TreeMap<>(Map.of("communicationType", rule.type(),
                    "versions", in.stream().sorted().toList()));
            if (rule.sendOn() != null) {
                about.put("sendOn", ContactPreferences.dayName(rule.sendOn()));
            }
            answer.put(name, about);
        });
        return answer;
    }

    @GetMapping("/{name}/preview")
    @Operation(summary = "A template rendered for an account, as its primary contact would get it")
    Preview preview(@PathVariable String name, @RequestParam String account, Authentication user) {
        requireTeamLead(user);
        return previewOf(name, compose(account(account), name));
    }

    private Preview previewOf(String name, AccountMail.Composed composed) {
        return new Preview(name, preferences.typeOf(name), composed.sender().name() + " <" + composed.sender().email() + ">",
                composed.sender().replyTo(), composed.contact().name() + " <" + composed.contact().email() + ">",
                composed.mail().subject(), composed.mail().text(), composed.mail().html());
    }

    @PostMapping("/{name}/test-send")
    @Operation(summary = "Send the preview to yourself", description = "Goes to the logged-in user's own email address, "
            + "marked [Test]; nothing reaches the customer and nothing lands on the timeline.")
    Map<String, String> testSend(@PathVariable String name, @RequestParam String account, Authentication user)
            throws MessagingException, UnsupportedEncodingException {
        requireTeamLead(user);
        var me = identity.createUserQuery().userId(user.getName()).singleResult();
        if (me == null || me.getEmail() == null || me.getEmail().isBlank()) {
            throw new InvalidInputException("user", "your user has no email address (set it in Camunda Admin)");
        }
        AccountMail.Composed composed = compose(account(account), name);
        Preview preview = previewOf(name, composed);
        MimeMessage mime = mailSender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
        helper.setFrom(new InternetAddress(composed.sender().email(), composed.sender().name(), "UTF-8"));
        helper.setTo(me.getEmail());
        helper.setSubject("[Test] " + preview.subject());
        helper.setSentDate(java.util.Date.from(EngineClock.now()));
        helper.setText(preview.text(), preview.html());
        mailSender.send(mime);
        return Map.of("sentTo", me.getEmail(), "subject", "[Test] " + preview.subject());
    }

    private Account account(String externalId) {
        return accounts.findByExternalId(externalId)
                .orElseThrow(() -> new NotFoundException("No account with external id " + externalId));
    }

    private AccountMail.Composed compose(Account account, String template) {
        try {
            return mails.compose(account, template, Map.of(), 1);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    private static void requireTeamLead(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("Template previews are for CS Ops and CS managers");
        }
    }

}
