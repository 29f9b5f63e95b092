package io.touchline.webinar;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.touchline.EngineClock;
import io.touchline.account.Tier;
import io.touchline.messaging.AutomatedEmail;
import io.touchline.web.ConflictException;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;

/**
 * Webinars CS Ops schedule: stored, and their invitations process started, in one transaction;
 * cancelling stops the process and takes back the emails still held for a send window.
 */
@Service
public class WebinarService {

    /** Who is invited when a request names no tiers. */
    static final List<Tier> DEFAULT_AUDIENCE = List.of(Tier.LOW_TOUCH, Tier.TECH_TOUCH);

    /** A webinar with the sends that ran and the ones planned. */
    public record Overview(Webinar webinar, Webinar.State state, List<WebinarInvitationsProcess.Send> sent,
            List<WebinarInvitationsProcess.Send> planned, WebinarTiming.Timing timing) {
    }

    private final WebinarRepository webinars;
    private final WebinarInvitationsProcess process;
    private final AutomatedEmail email;
    private final WebinarTiming timing;

    WebinarService(WebinarRepository webinars, WebinarInvitationsProcess process, AutomatedEmail email, WebinarTiming timing) {
        this.timing = timing;
        this.webinars = webinars;
        this.process = process;
        this.email = email;
    }

    @Transactional
    public Overview schedule(WebinarRequest request, String by) {
        List<FieldProblem> problems = new ArrayList<>();
        String title = request.title() == null ? "" : request.title().trim();
        if (title.isEmpty()) {
            problems.add(FieldProblem.of("title", "must not be blank"));
        } else if (title.length() > 200) {
            problems.add(FieldProblem.of("title", "must be at most 200 characters"));
        } else if (title.chars().anyMatch(Character::isISOControl)) {
            problems.add(FieldProblem.of("title", "may not contain line breaks, tabs or other control characters"));
        }
        Instant startsAt = startsAt(request.startsAt(), problems);
        String joinUrl = joinUrl(request.joinUrl(), problems);
        List<Tier> audience = audience(request.tiers(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Webinar webinar = webinars.save(Webinar.schedule(title, startsAt, joinUrl, audience, by, EngineClock.now()));
        process.start(webinar);
        return overview(webinar);
    }

    @Transactional(readOnly = true)
    public List<Overview> upcoming() {
        return webinars.findByStartsAtAfterOrderByStartsAtAscIdAsc(EngineClock.now()).stream().map(this::overview).toList();
    }

    @Transactional(readOnly = true)
    public Overview get(long id) {
        return overview(find(id));
    }

    /** Idempotent: cancelling a cancelled webinar changes nothing. A webinar that has started cannot be cancelled. */
    @Transactional
    public Overview cancel(long id, String by) {
        Webinar webinar = find(id);
        if (webinar.cancelled()) {
            return overview(webinar);
        }
        if (webinar.startedBy(EngineClock.now())) {
            throw new ConflictException("id", "webinar " + id + " has started; there is nothing left to cancel");
        }
        Webinar cancelled = webinars.save(webinar.cancel(by, EngineClock.now()));
        process.cancelled(cancelled);
        email.withdraw(WebinarInvitationsProcess.businessKey(id) + "/", "the webinar \"" + webinar.title() + "\" was cancelled");
        return overview(cancelled);
    }

    /** Whether someone (the demo, say) has scheduled a webinar before. */
    public boolean anyScheduledBy(String by) {
        return webinars.existsByCreatedBy(by);
    }

    private Webinar find(long id) {
        return webinars.findById(id).orElseThrow(() -> new NotFoundException("No webinar " + id));
    }

    private Overview overview(Webinar webinar) {
        return new Overview(webinar, webinar.state(EngineClock.now()), process.sent(webinar), process.planned(webinar),
                timing.of(webinar.startsAt(), webinar.audience()));
    }

    private static Instant startsAt(String text, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(FieldProblem.of("startsAt", "must not be blank"));
            return null;
        }
        Instant startsAt;
        try {
            startsAt = OffsetDateTime.parse(text.trim()).toInstant(); // "...Z" is an offset too
        } catch (DateTimeParseException e) {
            problems.add(FieldProblem.of("startsAt", "must be an ISO-8601 instant or a date-time with offset, "
                    + "such as 2027-03-10T16:00:00Z or 2027-03-10T17:00:00+01:00"));
            return null;
        }
        if (!startsAt.isAfter(EngineClock.now())) {
            problems.add(FieldProblem.of("startsAt", "must be in the future"));
        }
        return startsAt;
    }

    private static String joinUrl(String text, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(FieldProblem.of("joinUrl", "must not be blank"));
            return null;
        }
        String url = text.trim();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || url.length() > 2000) {
                problems.add(FieldProblem.of("joinUrl", "must be an http or https address of at most 2000 characters"));
            }
        } catch (URISyntaxException e) {
            problems.add(FieldProblem.of("joinUrl", "is not a valid address: " + e.getReason()));
        }
        return url;
    }

    private static List<Tier> audience(List<String> codes, List<FieldProblem> problems) {
        if (codes == null) {
            return DEFAULT_AUDIENCE;
        }
        if (codes.isEmpty()) {
            problems.add(FieldProblem.of("tiers", "must name at least one tier (or leave it out for low-touch and tech-touch)"));
            return List.of();
        }
        Set<Tier> tiers = new LinkedHashSet<>();
        String known = Arrays.stream(Tier.values()).map(Tier::code).collect(Collectors.joining(", "));
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i) == null ? "" : codes.get(i).trim();
            try {
                tiers.add(Tier.ofCode(code));
            } catch (IllegalArgumentException e) {
                problems.add(FieldProblem.of("tiers[" + i + "]", "'" + code + "' is not a tier (" + known + ")"));
            }
        }
        return List.copyOf(tiers);
    }
}
