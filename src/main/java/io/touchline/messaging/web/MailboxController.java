package io.touchline.messaging.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.touchline.EngineClock;
import io.touchline.messaging.DemoMailServer;
import io.touchline.messaging.Outbox;
import io.touchline.messaging.OutboxDispatcher;
import io.touchline.security.CurrentViewer;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** /demo/mailbox: the emails the demo's embedded mail server received, newest first. */
@Controller
@ConditionalOnProperty(name = "touchline.demo-mail.enabled", havingValue = "true")
class MailboxController {

    /** Times as a person reads them, in UTC (the demo's mail server keeps no zone of the reader). */
    static final java.time.format.DateTimeFormatter SHOWN = java.time.format.DateTimeFormatter
            .ofPattern("EEE d MMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    record Entry(int index, String messageId, String from, String replyTo, String to, String subject, String sent,
            String text, String html) {
    }

    private final DemoMailServer server;
    private final Outbox outbox;
    private final OutboxDispatcher dispatcher;

    MailboxController(DemoMailServer server, Outbox outbox, OutboxDispatcher dispatcher) {
        this.server = server;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
    }

    @GetMapping("/demo/mailbox")
    String mailbox(@RequestParam(name = "open", required = false) Integer open, Model model, Authentication user)
            throws MessagingException, IOException {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("The demo mailbox shows every customer's email: CS Ops and managers only");
        }
        List<MimeMessage> messages = server.received();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            MimeMessage m = messages.get(i);
            boolean opened = open != null && open.intValue() == i;
            entries.add(new Entry(i, m.getMessageID(), join(m.getFrom()), join(m.getReplyTo()),
                    join(m.getAllRecipients()), m.getSubject(), m.getSentDate() == null ? "" : SHOWN.format(m.getSentDate().toInstant()),
                    opened ? part(m, "text/plain") : null, opened ? part(m, "text/html") : null));
        }
        model.addAttribute("entries", entries);
        model.addAttribute("held", outbox.held(EngineClock.now(), 200));
        model.addAttribute("shown", SHOWN);
        model.addAttribute("opened", open == null || open < 0 || open >= entries.size() ? null : entries.get(open));
        return "mailbox";
    }

    /**
     * Demo only: the held emails go now, whatever their send window says, so a person trying the
     * demo at night or on a weekend can read them.
     */
    @PostMapping("/demo/mailbox/release")
    String release(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("CS Ops and managers only");
        }
        outbox.releaseHeld(EngineClock.now());
        dispatcher.dispatchDue();
        return "redirect:/demo/mailbox";
    }

    private static String join(jakarta.mail.Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        return String.join(", ", java.util.Arrays.stream(addresses).map(a -> a instanceof jakarta.mail.internet.InternetAddress ia
                ? ia.toUnicodeString() : a.toString()).toList());
    }

    private static String part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type)) {
            return part.getContent().toString();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String found = part(body, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
