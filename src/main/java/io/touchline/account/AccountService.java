package io.touchline.account;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.touchline.EngineClock;
import io.touchline.journey.AtRiskEscalationProcess;
import io.touchline.journey.EventTouchesProcess;
import io.touchline.journey.HealthStatus;
import io.touchline.journey.JourneyProcess;
import io.touchline.journey.JourneyProcess.Journey;
import io.touchline.journey.RenewalCountdownProcess;
import io.touchline.journey.Schedule;
import io.touchline.journey.TaskRouting;
import io.touchline.web.ConflictException;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;
import jakarta.validation.Validator;

/**
 * The book of accounts: enrolment (tier from the DMN, journey started in the same transaction),
 * changes pushed by the CRM and billing, and what the journeys report back.
 */
@Service
public class AccountService {

    /** An account with its running journey, if any. */
    public record EnrolledAccount(Account account, Optional<Journey> journey) {
    }

    private final AccountRepository accounts;
    private final TierAssignment tiers;
    private final JourneyProcess journeys;
    private final RenewalCountdownProcess countdowns;
    private final AtRiskEscalationProcess escalations;
    private final HealthStatus health;
    private final TaskRouting routing;
    private final EventTouchesProcess eventTouches;
    private final IdentityService identity;
    private final Validator validator;
    private final AccountZones facts;
    private final HealthHistory healthHistory;
    private final io.touchline.journey.PlanChanges plans;

    AccountService(AccountRepository accounts, TierAssignment tiers, JourneyProcess journeys,
            RenewalCountdownProcess countdowns, AtRiskEscalationProcess escalations, HealthStatus health,
            TaskRouting routing, EventTouchesProcess eventTouches, IdentityService identity, Validator validator,
            AccountZones facts, io.touchline.journey.PlanChanges plans, HealthHistory healthHistory) {
        this.healthHistory = healthHistory;
        this.facts = facts;
        this.plans = plans;
        this.routing = routing;
        this.eventTouches = eventTouches;
        this.accounts = accounts;
        this.tiers = tiers;
        this.journeys = journeys;
        this.countdowns = countdowns;
        this.escalations = escalations;
        this.health = health;
        this.identity = identity;
        this.validator = validator;
    }

    @Transactional
    public EnrolledAccount enrol(AccountRequest request, Viewer viewer) {
        requireMaintainer(viewer);
        List<FieldProblem> problems = problemsOf(request);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (accounts.existsByExternalId(request.externalId())) {
            throw new ConflictException("externalId", "an account with external id " + request.externalId() + " already exists");
        }
        return enrolValid(request);
    }

    /**
     * All rows or none: every row is checked first (fields, owners, duplicates in the file and in the
     * book); one bad row answers with its row number and field, and nothing is written. For a few
     * rows at once (the demo book); files go through {@link AccountImports}, which checks them the
     * same way and enrols them in parts, with progress.
     */
    @Transactional
    public List<EnrolledAccount> enrolAll(List<AccountRequest> rows, Viewer viewer) {
        requireMaintainer(viewer);
        List<FieldProblem> problems = check(rows, 1, new HashSet<>(), new Owners());
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return rows.stream().map(this::enrolValid).toList();
    }

    /** Who may change the book (CS Ops, connected systems); others get 403. */
    public void requireMaintainer(Viewer viewer) {
        if (!viewer.maintainsBook()) {
            throw new AccessDeniedException("Only CS Ops and connected systems change the book of accounts");
        }
    }

    /**
     * The problems of consecutive rows of a file, the first of them row {@code firstRow}: each row's
     * fields and owners, an external id twice in the file ({@code seen} carries the ids of the rows
     * checked before) or already in the book. Empty when every row can be enrolled.
     */
    @Transactional(readOnly = true)
    public List<FieldProblem> check(List<AccountRequest> rows, int firstRow, Set<String> seen, Owners owners) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> inBook = existing(rows);
        for (int i = 0; i < rows.size(); i++) {
            int row = firstRow + i;
            AccountRequest request = rows.get(i);
            problemsOf(request, owners).forEach(p -> problems.add(p.inRow(row)));
            String id = request.externalId();
            if (id != null && !id.isBlank()) {
                if (!seen.add(id)) {
                    problems.add(FieldProblem.of("externalId", "appears twice in the file: " + id).inRow(row));
                } else if (inBook.contains(id)) {
                    problems.add(FieldProblem.of("externalId", "an account with external id " + id + " already exists").inRow(row));
                }
            }
        }
        return problems;
    }

    /** The external ids of these rows that are in the book already (one query per thousand). */
    private Set<String> existing(List<AccountRequest> rows) {
        Set<String> found = new HashSet<>();
        List<String> ids = rows.stream().map(AccountRequest::externalId).filter(id -> id != null && !id.isBlank()).distinct().toList();
        for (int from = 0; from < ids.size(); from += 1000) {
            accounts.findExternalIdsIn(ids.subList(from, Math.min(ids.size(), from + 1000))).forEach(found::add);
        }
        return found;
    }

    /**
     * Enrols a row that {@link #check} found good, in the caller's transaction. A race with another
     * enrolment of the same external id ends in a {@link ConflictException}.
     */
    @Transactional
    public EnrolledAccount enrolChecked(AccountRequest request) {
        try {
            return enrolValid(request);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // enrolled meanwhile by another way: the unique external id says so, without a query per row
            throw new ConflictException("externalId", "an account with external id " + request.externalId() + " already exists");
        }
    }

    /** The users and groups asked about while checking a file, remembered for that file. */
    public static final class Owners {
        private final java.util.Map<String, Boolean> users = new java.util.HashMap<>();
        private final java.util.Map<String, Boolean> groups = new java.util.HashMap<>();
    }

    private EnrolledAccount enrolValid(AccountRequest request) {
        ZoneId zone = ZoneId.of(request.timeZone());
        String industry = blankToNull(request.industry());
        Tier tier = tiers.tierFor(request.arr(), isTrue(request.strategic()), isTrue(request.trial()), industry);
        Account account = Account.enrol(request.externalId().trim(), request.name().trim(), request.arr(),
                isTrue(request.strategic()), isTrue(request.trial()), request.renewalDate(),
                request.customerSince() != null ? request.customerSince() : EngineClock.today(zone), zone, industry,
                blankToNull(request.csm()), blankToNull(request.pod()),
                request.contacts().stream().map(AccountRequest.ContactRequest::toContact).toList(), tier,
                EngineClock.now());
        boolean atRisk = request.healthScore() != null && account.recordHealth(request.healthScore(),
                HealthStatus.AT_RISK.equals(health.of(request.healthScore(), false)));
        account = accounts.save(account);
        if (request.healthScore() != null) {
            healthHistory.record(account.id(), request.healthScore());
        }
        Journey journey = journeys.start(account);
        if (atRisk) {
            escalations.startFor(account);
        }
        return new EnrolledAccount(account, Optional.of(journey));
    }

    /** Field rules, and the owner each tier needs (evaluated with the tier the DMN gives). */
    List<FieldProblem> problemsOf(AccountRequest request) {
        return problemsOf(request, new Owners());
    }

    private List<FieldProblem> problemsOf(AccountRequest request, Owners owners) {
        List<FieldProblem> problems = new ArrayList<>();
        validator.validate(request).forEach(v -> problems.add(FieldProblem.of(v.getPropertyPath().toString(), v.getMessage())));
        ZoneId zone = null;
        if (request.timeZone() != null && !request.timeZone().isBlank()) {
            try {
                zone = ZoneId.of(request.timeZone());
            } catch (DateTimeException e) {
                problems.add(FieldProblem.of("timeZone", "is not an IANA time zone such as Europe/Berlin"));
            }
        }
        if (request.contacts() != null) {
            for (int i = 0; i < request.contacts().size(); i++) {
                AccountRequest.ContactRequest contact = request.contacts().get(i);
                if (contact != null && contact.timeZone() != null && !contact.timeZone().isBlank()) {
                    try {
                        ZoneId.of(contact.timeZone().trim());
                    } catch (DateTimeException e) {
                        problems.add(FieldProblem.of("contacts[" + i + "].timeZone",
                                "is not an IANA time zone such as America/New_York"));
                    }
                }
            }
        }
        LocalDate today = EngineClock.today(zone != null ? zone : ZoneId.of("UTC"));
        if (request.renewalDate() != null && !request.renewalDate().isAfter(today)) {
            problems.add(FieldProblem.of("renewalDate", "must be in the future"));
        }
        if (request.customerSince() != null && request.customerSince().isAfter(today)) {
            problems.add(FieldProblem.of("customerSince", "must not be in the future"));
        }
        problems.addAll(unknownOwners(request.csm(), request.pod(), owners));
        if (problems.isEmpty()) {
            String industry = blankToNull(request.industry());
            Tier tier = tiers.tierFor(request.arr(), isTrue(request.strategic()), isTrue(request.trial()), industry);
            problems.addAll(missingOwner(tier, industry, request.csm(), request.pod(), "a " + tier.code() + " account needs"));
        }
        problems.sort(Comparator.comparing(FieldProblem::field));
        return problems;
    }

    private List<FieldProblem> unknownOwners(String csm, String pod, Owners owners) {
        List<FieldProblem> problems = new ArrayList<>();
        if (csm != null && !csm.isBlank() && !owners.users.computeIfAbsent(csm.trim(),
                id -> identity.createUserQuery().userId(id).count() > 0)) {
            problems.add(FieldProblem.of("csm", "no user '" + csm + "'"));
        }
        if (pod != null && !pod.isBlank() && !owners.groups.computeIfAbsent(pod.trim(),
                id -> identity.createGroupQuery().groupId(id).count() > 0)) {
            problems.add(FieldProblem.of("pod", "no pod (group) '" + pod + "'"));
        }
        return problems;
    }

    /** The owner task-routing.dmn will hand this tier's touches to must be there. */
    private List<FieldProblem> missingOwner(Tier tier, String industry, String csm, String pod, String needs) {
        TaskRouting.Target target = routing.route(tier, TaskRouting.AUDIENCE_OWNER, industry).target();
        if (target == TaskRouting.Target.DEDICATED_CSM && (csm == null || csm.isBlank())) {
            return List.of(FieldProblem.of("csm", needs + " a dedicated CSM"));
        }
        if (target == TaskRouting.Target.POD && (pod == null || pod.isBlank())) {
            return List.of(FieldProblem.of("pod", needs + " a CSM pod"));
        }
        return List.of();
    }

    @Transactional(readOnly = true)
    public EnrolledAccount get(String externalId, Viewer viewer) {
        Account account = visible(externalId, viewer);
        return new EnrolledAccount(account, journeys.running(externalId));
    }

    @Transactional(readOnly = true)
    public List<Account> list(Viewer viewer) {
        return accounts.findAllByOrderByExternalId().stream().filter(a -> a.visibleTo(viewer)).toList();
    }

    /** ARR or flags changed: the tier is evaluated again and, if it changed, the journey moves. */
    @Transactional
    public EnrolledAccount change(String externalId, AccountChange change, Viewer viewer) {
        requireMaintainer(viewer);
        Account account = active(visible(externalId, viewer));
        List<FieldProblem> unknown = unknownOwners(change.csm(), change.pod(), new Owners());
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(unknown);
        }
        account.changeOwners(change.csm() != null ? blankToNull(change.csm()) : account.csm(),
                change.pod() != null ? blankToNull(change.pod()) : account.pod());
        account.changeCommercials(change.arr() != null ? change.arr() : account.arr(),
                change.strategic() != null ? change.strategic() : account.strategic(),
                change.trial() != null ? change.trial() : account.trial());
        String industryBefore = account.industry();
        if (change.industry() != null) {
            account.changeIndustry(blankToNull(change.industry()));
        }
        Tier before = account.tier();
        Tier after = tiers.tierFor(account.arr(), account.strategic(), account.trial(), account.industry());
        List<FieldProblem> missing = missingOwner(after, account.industry(), account.csm(), account.pod(),
                "the account would become " + after.code() + " and then needs");
        if (!missing.isEmpty()) {
            throw new InvalidInputException(missing);
        }
        account.moveToTier(after);
        account = accounts.save(account);
        if (!java.util.Objects.equals(industryBefore, account.industry())) {
            // another industry may have other blackout periods: timers set from now on use them
            facts.forget(externalId);
            plans.changed(externalId);
        }
        // new owners get the next touches: the planned ones move to them
        journeys.ownersChanged(account);
        Optional<Journey> journey = after != before
                ? Optional.of(journeys.moveToTier(account, before))
                : journeys.running(externalId);
        if (after != before) {
            escalations.tierChanged(account);
        } else if (change.arr() != null) {
            journeys.arrChanged(account);
        }
        return new EnrolledAccount(account, journey);
    }

    /**
     * A new health score. health-status.dmn decides (with hysteresis): becoming at risk starts an
     * escalation on top of the journey's own touches; recovering above the recovery threshold ends it.
     */
    @Transactional
    public String recordHealthScore(String externalId, int score, Viewer viewer) {
        requireMaintainer(viewer);
        if (score < 0 || score > 100) {
            throw new InvalidInputException("score", "must be between 0 and 100");
        }
        Account account = active(visible(externalId, viewer));
        String status = health.of(score, account.atRisk());
        boolean wasAtRisk = account.atRisk();
        boolean becameAtRisk = account.recordHealth(score, HealthStatus.AT_RISK.equals(status));
        account = accounts.save(account);
        healthHistory.record(account.id(), score);
        journeys.healthChanged(account);
        if (becameAtRisk) {
            escalations.startFor(account);
        } else if (wasAtRisk && !account.atRisk()) {
            escalations.recovered(externalId);
        }
        return status;
    }

    /** The CRM or billing says the renewal is signed: the countdown ends and the next term starts. */
    @Transactional
    public EnrolledAccount renewalSigned(String externalId, LocalDate nextRenewalDate, Viewer viewer) {
        requireMaintainer(viewer);
        Account account = active(visible(externalId, viewer));
        if (nextRenewalDate == null) {
            throw new InvalidInputException("renewalDate", "must not be null");
        }
        if (!nextRenewalDate.isAfter(EngineClock.today(account.timeZone()))) {
            throw new InvalidInputException("renewalDate", "must be in the future");
        }
        account.renewUntil(nextRenewalDate);
        account = accounts.save(account);
        if (!countdowns.signed(externalId, Schedule.atLocalMorning(nextRenewalDate, account.timeZone()))) {
            journeys.renewalDateChanged(account);
        }
        return new EnrolledAccount(account, journeys.running(externalId));
    }

    /**
     * The renewal date moved without a signature: the running countdown re-plans on the new date
     * (no step twice, none skipped); without a countdown, the journey takes the date for its next one.
     */
    @Transactional
    public EnrolledAccount renewalDateChanged(String externalId, LocalDate renewalDate, Viewer viewer) {
        requireMaintainer(viewer);
        Account account = active(visible(externalId, viewer));
        if (renewalDate == null || !renewalDate.isAfter(EngineClock.today(account.timeZone()))) {
            throw new InvalidInputException("renewalDate", "must be in the future");
        }
        account.moveRenewalDate(renewalDate);
        account = accounts.save(account);
        journeys.renewalDateChanged(account);
        countdowns.renewalDateChanged(account);
        return new EnrolledAccount(account, journeys.running(externalId));
    }

    /** The account churned or closed: its journey and any escalation end, nothing more is sent. */
    @Transactional
    public Account churn(String externalId, Viewer viewer) {
        requireMaintainer(viewer);
        Account account = active(visible(externalId, viewer));
        account.churn();
        account = accounts.save(account);
        journeys.churned(externalId);
        escalations.cancel(externalId, "Account churned");
        eventTouches.cancel(externalId, "Account churned");
        return account;
    }

    /** Called by the countdown's "Record renewal" step. */
    @Transactional
    public Account renewedInJourney(String externalId, Object nextRenewalDate) {
        Account account = byExternalId(externalId);
        account.renewUntil(Schedule.toLocalDate(nextRenewalDate, account.timeZone()));
        return accounts.save(account);
    }

    /** Called by the journey's "Mark account churned" step. */
    @Transactional
    public void churnedInJourney(String externalId) {
        Account account = byExternalId(externalId);
        account.churn();
        accounts.save(account);
        escalations.cancel(externalId, "Account churned");
        eventTouches.cancel(externalId, "Account churned");
    }

    private Account byExternalId(String externalId) {
        return accounts.findByExternalId(externalId)
                .orElseThrow(() -> new NotFoundException("No account with external id " + externalId));
    }

    private Account visible(String externalId, Viewer viewer) {
        return accounts.findByExternalId(externalId).filter(a -> a.visibleTo(viewer))
                .orElseThrow(() -> new NotFoundException("No account with external id " + externalId));
    }

    private static Account active(Account account) {
        if (!account.isActive()) {
            throw new ConflictException("status", "account " + account.externalId() + " has churned; its journey has ended");
        }
        return account;
    }


    private static boolean isTrue(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
