package io.touchline.messaging;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import io.touchline.account.Tier;

/**
 * The email templates CS Ops edit in src/main/resources/mail/: {@code <tier>/<name>.html|.txt}
 * where a tier's content differs, else {@code common/<name>.*}. The .txt file starts with a
 * "Subject: ..." line. Customer data is escaped in the HTML part. The model holds plain maps
 * (account, contact, sender) so templates read {@code ${account.name}}.
 *
 * <p>{@code touchline.mail.render-html: false} leaves the HTML part empty (subject and text as
 * always): only for the what-if replay, which counts emails and never sends them.
 */
@Component
public class MailTemplates {

    static final String ROOT = "mail/";
    private static final String COMMON = "common";
    private static final String SUBJECT = "Subject:";

    public record Rendered(String subject, String text, String html) {
    }

    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
    private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");
    private final boolean renderHtml;
    private final Map<String, Boolean> existing = new java.util.concurrent.ConcurrentHashMap<>();

    MailTemplates(@Value("${touchline.mail.render-html:true}") boolean renderHtml) {
        this.renderHtml = renderHtml;
    }

    public Rendered render(Tier tier, String name, Map<String, Object> model) {
        String folder = exists(tier.code() + "/" + name + ".txt") ? tier.code() : COMMON;
        if (!exists(folder + "/" + name + ".txt") || !exists(folder + "/" + name + ".html")) {
            throw new IllegalArgumentException("No email template '" + name + "' (looked in " + ROOT + tier.code()
                    + "/ and " + ROOT + COMMON + "/ for " + name + ".txt and " + name + ".html)");
        }
        Context context = new Context(java.util.Locale.ENGLISH, model);
        String plain = text.process(folder + "/" + name, context);
        String firstLine = plain.lines().findFirst().orElse("");
        if (!firstLine.startsWith(SUBJECT)) {
            throw new IllegalStateException("Template " + ROOT + folder + "/" + name + ".txt must start with 'Subject: ...'");
        }
        String body = plain.substring(firstLine.length()).replaceFirst("^\\R+", "");
        return new Rendered(Headers.clean(firstLine.substring(SUBJECT.length())), body,
                renderHtml ? html.process(folder + "/" + name, context) : "");
    }

    /** Whether a template file is there; remembered, as Thymeleaf keeps the templates it read (cacheable). */
    public boolean exists(String template) {
        return existing.computeIfAbsent(template, t -> MailTemplates.class.getClassLoader().getResource(ROOT + t) != null);
    }

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix(ROOT);
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
