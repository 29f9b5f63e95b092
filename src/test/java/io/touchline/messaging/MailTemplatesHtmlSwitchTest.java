package io.touchline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.touchline.account.Tier;

/**
 * touchline.mail.render-html: the live default renders the HTML part; the what-if replay's
 * {@code false} leaves it empty and changes nothing else of the email.
 */
class MailTemplatesHtmlSwitchTest {

    private static final Map<String, Object> MODEL = Map.of(
            "account", Map.of("name", "Contoso", "externalId", "CRM-1", "tierLabel", "Medium-touch", "arr", 60000,
                    "renewalDate", LocalDate.of(2027, 12, 31)),
            "contact", Map.of("name", "Ada Lovelace", "firstName", "Ada", "email", "ada@contoso.example", "role", "primary"),
            "sender", Map.of("name", "The team", "email", "success@acme-cloud.example", "title", "Customer Success"),
            "product", "Acme Cloud", "preferencesUrl", "http://localhost/preferences/x", "productUrl", "https://app.example",
            "occurrence", 1, "today", LocalDate.of(2027, 1, 4), "daysToRenewal", 361,
            "rhythmUrl", Map.of("tooOften", "http://localhost/rhythm/x?answer=too-often",
                    "aboutRight", "http://localhost/rhythm/x?answer=about-right",
                    "notOftenEnough", "http://localhost/rhythm/x?answer=not-often-enough"));

    @Test
    void withoutHtmlOnlyTheHtmlPartIsLeftOut() {
        MailTemplates.Rendered live = new MailTemplates(true).render(Tier.MEDIUM_TOUCH, "check-in-email", MODEL);
        MailTemplates.Rendered replay = new MailTemplates(false).render(Tier.MEDIUM_TOUCH, "check-in-email", MODEL);
        assertThat(live.html()).contains("<html").contains("Ada");
        assertThat(replay.html()).isEmpty();
        assertThat(replay.subject()).isEqualTo(live.subject()).isNotBlank();
        assertThat(replay.text()).isEqualTo(live.text()).isNotBlank();
    }
}
