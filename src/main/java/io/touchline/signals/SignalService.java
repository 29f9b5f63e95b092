package io.touchline.signals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountChange;
import io.touchline.account.AccountRepository;
import io.touchline.account.AccountService;
import io.touchline.account.Viewer;
import io.touchline.journey.Cadences;
import io.touchline.journey.EventTouchesProcess;
import io.touchline.journey.JourneyProcess;
import io.touchline.touchpoint.Touchpoint;
import io.touchline.touchpoint.TouchpointRepository;
import io.touchline.web.ConflictException;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;
import jakarta.validation.Validator;

/**
 * Takes the events the CRM, billing, analytics and NPS tool push, once each: a repeated event id
 * does nothing, an event older than the state it would set is kept but not applied, and an event
 * for a closed account is recorded and answered as such. What an event does to the journeys is in
 * the diagrams (event-touches.bpmn, at-risk-escalation.bpmn, the countdown); this class only
 * routes it there, in one transaction with its record.
 */
@Service
public class SignalService {

    /** What became of an event. */
    public enum Status { APPLIED, DUPLICATE, STALE }

    public record Receipt(String eventId, String type, String status, String message) {
    }

    private final AccountRepository accounts;
    private final AccountService accountService;
    private final EventTouchesProcess eventTouches;
    private final EventLog log;
    private final Validator validator;
    private final ObjectMapper json;
    private final TouchpointRepository touchpoints;
    private final Cadences cadences;
    private final JourneyProcess journeys;
    private final io.touchline.messaging.ExternalTouches externalTouches;

    SignalService(AccountRepository accounts, AccountService accountService, EventTouchesProcess eventTouches,
            EventLog log, Validator validator, ObjectMapper json, TouchpointRepository touchpoints, Cadences cadences,
            JourneyProcess journeys, io.touchline.messaging.ExternalTouches externalTouches) {
        this.externalTouches = externalTouches;
        this.cadences = cadences;
        this.journeys = journeys;
        this.touchpoints = touchpoints;
        this.accounts = accounts;
        this.accountService = accountService;
        this.eventTouches = eventTouches;
        this.log = log;
        this.validator = validator;
        this.json = json;
    }

    /** The record of an event for a closed account stays although the answer is 409. */
    @Transactional(noRollbackFor = AccountClosedException.class)
    public Receipt receive(String externalId, AccountEvent event, Viewer viewer) {
        if (!viewer.maintainsBook()) {
            throw new AccessDeniedException("Only CS Ops and connected systems send account events");
        }
        validate(event);
        Account account = accounts.findByExternalId(externalId)
                .orElseThrow(() -> new NotFoundException("No account with external id " + externalId));
        var earlier = log.find(event.eventId());
        if (earlier.isPresent()) {
            if (earlier.get().accountId() != account.id()) {
                throw new ConflictException("eventId", "event id " + event.eventId() + " was already used for another account");
            }
            return new Receipt(event.eventId(), event.type(), Status.DUPLICATE.name().toLowerCase(),
                    "already received (" + earlier.get().outcome().toLowerCase() + "); nothing done again");
        }
        var now = EngineClock.now();
        if (!account.isActive()) {
            log.record(event, account.id(), EventLog.Outcome.NOT_APPLIED, "account has churned", payload(event), now);
            throw new AccountClosedException(event.eventId(), "account " + externalId
                    + " has churned, so no journey takes this event; it is recorded as not applied");
        }
        if (event.setsState() && log.newerApplied(account.id(), event.type(), event.occurredAt())) {
            log.record(event, account.id(), EventLog.Outcome.STALE, "a newer " + event.type() + " was applied",
                    payload(event), now);
            return new Receipt(event.eventId(), event.type(), Status.STALE.name().toLowerCase(),
                    "a newer " + event.type() + " event was already applied; this one is recorded, not applied");
        }
        String detail = apply(account, event, viewer);
        log.record(event, account.id(), EventLog.Outcome.APPLIED, detail, payload(event), now);
        // the account's timeline shows what happened and what the journeys made of it
        touchpoints.save(new Touchpoint(null, account.id(), "event:" + event.type(), event.title(), "system",
                viewer.userId(), "applied", detail, null, null, payload(event), now));
        return new Receipt(event.eventId(), event.type(), Status.APPLIED.name().toLowerCase(), detail);
    }

    private String apply(Account account, AccountEvent event, Viewer viewer) {
        String id = account.externalId();
        if (event instanceof AccountEvent.HealthScore e) {
            return "health status " + accountService.recordHealthScore(id, e.score(), viewer);
        }
        if (event instanceof AccountEvent.NpsAnswer e) {
            eventTouches.npsAnswered(account, e.score(), e.comment());
            return "NPS answer " + e.score() + " taken by the event touches";
        }
        if (event instanceof AccountEvent.MilestoneReached e) {
            eventTouches.milestoneReached(account, e.milestone());
            return "milestone celebrated by the event touches";
        }
        if (event instanceof AccountEvent.ExpansionSignal e) {
            eventTouches.expansionSignal(account, e.indicator(), e.detail());
            return "expansion indicator " + e.indicator() + " taken by the event touches";
        }
        if (event instanceof AccountEvent.RenewalSigned e) {
            accountService.renewalSigned(id, e.renewalDate(), viewer);
            return "renewed until " + e.renewalDate();
        }
        if (event instanceof AccountEvent.RenewalDateChanged e) {
            accountService.renewalDateChanged(id, e.renewalDate(), viewer);
            return "countdown re-planned for " + e.renewalDate();
        }
        if (event instanceof AccountEvent.RhythmRequested e) {
            if (e.every() == null || e.every().isBlank()) {
                cadences.reset(account, e.cadence());
            } else {
                cadences.request(account, e.cadence(), e.every(), e.reason() == null ? "asked by the customer" : e.reason());
            }
            journeys.cadenceChanged(id, e.cadence());
            return e.cadence() + " every " + cadences.override(account, e.cadence()).orElse("default period");
        }
        if (event instanceof AccountEvent.InboundRequest e) {
            eventTouches.inboundRequest(account, e.channel(), e.subject(), e.detail(), e.from());
            return "request for the account's owner, to answer within the tier's response time";
        }
        if (event instanceof AccountEvent.ExternalTouch e) {
            List<String> reached = externalTouches.record(account, e.channel(), e.kind(), e.team(), e.title(), e.recipients(),
                    e.occurredAt());
            return reached.isEmpty() ? "recorded; counts toward the one-touch-a-month minimum"
                    : "recorded; counts toward the one-touch-a-month minimum"
                            + (e.kind().equals("reactive") || e.kind().equals("transactional") ? ""
                                    : " and the frequency cap of " + String.join(", ", reached));
        }
        if (event instanceof AccountEvent.Churned e) {
            accountService.churn(id, viewer);
            return "journey ended" + (e.reason() == null ? "" : ": " + e.reason());
        }
        if (event instanceof AccountEvent.CommercialsChanged e) {
            return "tier " + accountService.change(id, new AccountChange(e.arr(), e.strategic(), e.trial(), e.csm(),
                    e.pod(), e.industry()), viewer).account().tier().code();
        }
        throw new IllegalArgumentException("Unknown event " + event.type());
    }

    private void validate(AccountEvent event) {
        List<FieldProblem> problems = new ArrayList<>();
        // a list's element is named by its index (recipients[0]), as a client wrote it
        validator.validate(event).forEach(v -> problems.add(FieldProblem.of(
                v.getPropertyPath().toString().replace(".<list element>", ""), v.getMessage())));
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(FieldProblem::field));
            throw new InvalidInputException(problems);
        }
        if (event.occurredAt().isAfter(EngineClock.now().plusSeconds(300))) {
            throw new InvalidInputException("occurredAt", "lies in the future");
        }
    }

    private String payload(AccountEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return event.toString();
        }
    }

    /** The event was recorded, but the account is closed: no journey takes it (409). */
    public static class AccountClosedException extends ConflictException {
        AccountClosedException(String eventId, String message) {
            super("externalId", message);
        }
    }
}
