package io.touchline.messaging;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Open and click tracking of an automated email's HTML part: every http(s) link becomes a signed
 * redirect through Touchline ({@code /t/c/<token>}) and a 1x1 image ({@code /t/o/<token>}) goes
 * before {@code </body>}. A click token signs the outbox id and the exact target, so an altered
 * link cannot redirect anywhere else; an open token signs the outbox id. The signing key is
 * derived from touchline.links.secret, so these tokens and the unsubscribe tokens of
 * {@link ContactLinks} cannot stand in for each other.
 *
 * <p>Left as they are: mailto: and other non-web links, links to Touchline's own public pages
 * (unsubscribe, preferences: anything under touchline.public-url), and links that are not plain
 * ASCII or longer than {@value #MAX_URL} characters (they still work, untracked). The text part is
 * never tracked.
 */
@Component
public class EmailTracking {

    /** A valid click: the message it was in and where it goes (http or https only). */
    public record Click(String messageId, URI target) {
    }

    static final int MAX_URL = 2000;
    private static final int MAX_TOKEN = 4 * MAX_URL;
    private static final String OPEN = "open";
    private static final String CLICK = "click";

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    /** The href of an {@code <a>} tag, double- or single-quoted (groups: before the value, quote, value). */
    private static final Pattern ANCHOR_HREF = Pattern.compile(
            "(<a\\b[^>]*?\\shref\\s*=\\s*)([\"'])(.*?)\\2", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);

    private final byte[] key;
    private final PublicUrl publicUrl;

    EmailTracking(@Value("${touchline.links.secret}") String secret, PublicUrl publicUrl) {
        this.key = hmac(secret.getBytes(StandardCharsets.UTF_8), "touchline email tracking");
        this.publicUrl = publicUrl;
    }

    /** The HTML with its web links through the click redirect and the open pixel added. */
    public String track(String outboxId, String html) {
        Matcher anchor = ANCHOR_HREF.matcher(html);
        StringBuilder tracked = new StringBuilder(html.length() + 512);
        while (anchor.find()) {
            String url = HtmlUtils.htmlUnescape(anchor.group(3)).strip();
            String href = trackable(url) && !ours(url) ? clickUrl(outboxId, url) : anchor.group(3);
            anchor.appendReplacement(tracked, Matcher.quoteReplacement(
                    anchor.group(1) + anchor.group(2) + href + anchor.group(2)));
        }
        anchor.appendTail(tracked);
        String pixel = "<img src=\"" + publicUrl.get() + "/t/o/" + openToken(outboxId)
                + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">";
        int bodyEnd = lastBodyEnd(tracked);
        return bodyEnd < 0 ? tracked + pixel : tracked.insert(bodyEnd, pixel).toString();
    }

    /** The message an open token stands for, if its signature is right. */
    public Optional<String> openedMessage(String token) {
        String[] parts = split(token, 2);
        if (parts == null) {
            return Optional.empty();
        }
        return verified(OPEN + "." + parts[0], parts[1]) ? decode(parts[0]) : Optional.empty();
    }

    /** The message and target a click token stands for, if its signature is right and the target is a web link. */
    public Optional<Click> clicked(String token) {
        String[] parts = split(token, 3);
        if (parts == null || !verified(CLICK + "." + parts[0] + "." + parts[1], parts[2])) {
            return Optional.empty();
        }
        Optional<String> id = decode(parts[0]);
        Optional<String> url = decode(parts[1]).filter(EmailTracking::trackable);
        return id.isPresent() && url.isPresent()
                ? Optional.of(new Click(id.get(), URI.create(url.get())))
                : Optional.empty();
    }

    String clickUrl(String outboxId, String url) {
        String payload = encode(outboxId) + "." + encode(url);
        return publicUrl.get() + "/t/c/" + payload + "." + ENCODE.encodeToString(hmac(key, CLICK + "." + payload));
    }

    private String openToken(String outboxId) {
        String payload = encode(outboxId);
        return payload + "." + ENCODE.encodeToString(hmac(key, OPEN + "." + payload));
    }

    /** An absolute http(s) URL with a host, printable ASCII, not too long: the only kind ever redirected to. */
    static boolean trackable(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL
                || !url.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Touchline's own public pages (unsubscribe, preferences, tracking): they record what they do themselves. */
    private boolean ours(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        String base = publicUrl.get().toLowerCase(Locale.ROOT);
        return lower.equals(base) || lower.startsWith(base + "/") || lower.startsWith(base + "?")
                || lower.startsWith(base + "#");
    }

    private static int lastBodyEnd(CharSequence html) {
        Matcher end = BODY_END.matcher(html);
        int last = -1;
        while (end.find()) {
            last = end.start();
        }
        return last;
    }

    private boolean verified(String signed, String signature) {
        try {
            return MessageDigest.isEqual(DECODE.decode(signature), hmac(key, signed));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The token's dot-separated parts, or null if it is not that shape. */
    private static String[] split(String token, int parts) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return null;
        }
        String[] split = token.split("\\.", -1);
        return split.length == parts ? split : null;
    }

    private static String encode(String value) {
        return ENCODE.encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> decode(String part) {
        try {
            return Optional.of(new String(DECODE.decode(part), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
