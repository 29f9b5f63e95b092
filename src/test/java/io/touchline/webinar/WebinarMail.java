package io.touchline.webinar;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A webinar email as it arrived at GreenMail, read off its Message-ID
 * ({@code <webinar-12.Send_Invitations.CRM-0001.2@touchline>}) and its Date header (the engine
 * time the dispatcher sent it).
 */
record WebinarMail(String messageId, String step, String account, int contact, String to, String subject,
        String text, Instant sentAt) {

    static List<WebinarMail> of(GreenMailExtension mail, long webinarId, List<String> accounts) {
        String prefix = "<" + WebinarInvitationsProcess.businessKey(webinarId) + ".";
        return Arrays.stream(mail.getReceivedMessages()).map(WebinarMail::read)
                .filter(m -> m != null && m.messageId().startsWith(prefix) && accounts.contains(m.account())).toList();
    }

    private static WebinarMail read(MimeMessage message) {
        try {
            String id = message.getMessageID();
            if (id == null || !id.startsWith("<webinar-")) {
                return null;
            }
            String[] parts = id.substring(1, id.indexOf('@')).split("\\.");
            return new WebinarMail(id, parts[1], parts[2], Integer.parseInt(parts[3]),
                    ((InternetAddress) message.getAllRecipients()[0]).getAddress(), message.getSubject(),
                    textOf(message), message.getSentDate().toInstant());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String textOf(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String text = textOf(body);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
