package io.touchline.messaging;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Links in emails that act for a contact without a login (one-click unsubscribe): the contact's
 * address plus an HMAC-SHA256 signature, so a link cannot be guessed or altered to reach another
 * contact. The key is touchline.links.secret; change it in production.
 */
@Component
public class ContactLinks {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final byte[] secret;
    private final PublicUrl publicUrl;

    ContactLinks(@Value("${touchline.links.secret}") String secret, PublicUrl publicUrl) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.publicUrl = publicUrl;
    }

    public String token(String email) {
        String address = email.toLowerCase();
        return ENCODE.encodeToString(address.getBytes(StandardCharsets.UTF_8)) + "." + ENCODE.encodeToString(sign(address));
    }

    /** The contact a token stands for, if its signature is right. */
    public Optional<String> emailOf(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String address = new String(DECODE.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = DECODE.decode(token.substring(dot + 1));
            return MessageDigest.isEqual(signature, sign(address)) ? Optional.of(address) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String unsubscribeUrl(String email, String communicationType) {
        return publicUrl.get() + "/unsubscribe/" + token(email) + "/" + communicationType;
    }

    /** "How often should we reach out?" with one answer marked: check-in emails link to it. */
    public String rhythmUrl(String email, String answer) {
        return publicUrl.get() + "/rhythm/" + token(email) + "?answer=" + answer;
    }

    /** The contact's own preference page: every email's footer links to it. */
    public String preferencesUrl(String email) {
        return publicUrl.get() + "/preferences/" + token(email);
    }

    private byte[] sign(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(address.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
