package io.touchline.account.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.AccountChange;
import io.touchline.account.AccountRequest;
import io.touchline.account.AccountService;
import io.touchline.journey.JourneyPlan;
import io.touchline.journey.JourneyPlan.PlannedTouch;
import io.touchline.security.CurrentViewer;
import io.touchline.touchpoint.Timeline;
import io.touchline.web.ApiErrors;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

@RestController
@RequestMapping(path = "/api/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Accounts", description = "The book of accounts, their journeys, timelines and plans")
class AccountController {

    record HealthScore(@Schema(example = "35") @NotNull @Min(0) @Max(100) Integer score) {
    }

    record HealthAnswer(String externalId, int score, String healthStatus) {
    }

    record RenewalSigned(@Schema(example = "2028-11-30", description = "End of the new term") @NotNull LocalDate renewalDate) {
    }

    private final AccountService accounts;
    private final Timeline timeline;
    private final JourneyPlan plan;

    private final io.touchline.touchpoint.TouchMinimum touchMinimum;

    AccountController(AccountService accounts, Timeline timeline, JourneyPlan plan,
            io.touchline.touchpoint.TouchMinimum touchMinimum) {
        this.touchMinimum = touchMinimum;
        this.accounts = accounts;
        this.timeline = timeline;
        this.plan = plan;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Enrol an account", description = "Assigns the tier (tier-assignment.dmn) and starts the tier's journey.")
    @ApiResponse(responseCode = "201", description = "Enrolled, with tier and journey")
    @ApiResponse(responseCode = "400", description = "Bad input, naming each field; nothing written",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @ApiResponse(responseCode = "409", description = "An account with this external id exists",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    ResponseEntity<AccountView> enrol(@RequestBody AccountRequest request, Authentication user) {
        var enrolled = accounts.enrol(request, CurrentViewer.of(user));
        return ResponseEntity.created(URI.create("/api/accounts/" + enrolled.account().externalId()))
                .body(AccountView.of(enrolled));
    }

    @GetMapping
    @Operation(summary = "The accounts you may see")
    List<Map<String, Object>> list(Authentication user) {
        return accounts.list(CurrentViewer.of(user)).stream().map(a -> Map.<String, Object>of(
                "externalId", a.externalId(), "name", a.name(), "tier", a.tier().code(), "status", a.status().code(),
                "renewalDate", a.renewalDate())).toList();
    }

    @GetMapping("/without-touch")
    @Operation(summary = "Paying accounts that went a month without any touch",
            description = "The guides' minimum for every paying account is one touch a month, human or automated "
                    + "(touchline.minimum-touch.every). Lists the active accounts (not on a trial) in your view with no "
                    + "held human touch, sent email, in-app message or touch another team recorded (external-touch "
                    + "events) since then, the longest untouched first; total counts them all.")
    io.touchline.touchpoint.TouchMinimum.Report withoutTouch(@RequestParam(defaultValue = "100") int limit,
            Authentication user) {
        if (limit < 1 || limit > 1000) {
            throw new io.touchline.web.InvalidInputException("limit", "must be between 1 and 1000");
        }
        return touchMinimum.untouched(io.touchline.account.Scope.of(CurrentViewer.of(user)), limit);
    }

    @GetMapping("/{externalId}")
    @Operation(summary = "One account with its tier and running journey")
    AccountView get(@PathVariable String externalId, Authentication user) {
        return AccountView.of(accounts.get(externalId, CurrentViewer.of(user)));
    }

    @PatchMapping(path = "/{externalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change ARR, flags, owners or industry", description = "The tier is evaluated again; a new tier moves the account to that tier's journey. "
            + "csm / pod set the dedicated CSM or the pod (an empty string removes it); new owners get the next touches. "
            + "industry (an empty string: not known) is read by tier-assignment, blackout-periods and task-routing from then on.")
    AccountView change(@PathVariable String externalId, @Valid @RequestBody AccountChange change, Authentication user) {
        return AccountView.of(accounts.change(externalId, change, CurrentViewer.of(user)));
    }

    @PutMapping(path = "/{externalId}/health-score", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set the health score (0-100)", description = "Below the at-risk threshold of health-status.dmn, an at-risk escalation starts for any tier.")
    HealthAnswer healthScore(@PathVariable String externalId, @Valid @RequestBody HealthScore score, Authentication user) {
        String status = accounts.recordHealthScore(externalId, score.score(), CurrentViewer.of(user));
        return new HealthAnswer(externalId, score.score(), status);
    }

    @PostMapping(path = "/{externalId}/renewal", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The renewal is signed", description = "Ends the renewal countdown at once; the next term's cadence and countdown start.")
    AccountView renewalSigned(@PathVariable String externalId, @Valid @RequestBody RenewalSigned signed, Authentication user) {
        return AccountView.of(accounts.renewalSigned(externalId, signed.renewalDate(), CurrentViewer.of(user)));
    }

    @PostMapping("/{externalId}/churn")
    @Operation(summary = "The account churned or closed", description = "Ends its journey; nothing more is sent.")
    Map<String, String> churn(@PathVariable String externalId, Authentication user) {
        var account = accounts.churn(externalId, CurrentViewer.of(user));
        return Map.of("externalId", account.externalId(), "status", account.status().code());
    }

    @GetMapping("/{externalId}/timeline")
    @Operation(summary = "Touchpoints done", description = "Emails delivered and human touches completed, oldest first.")
    List<Timeline.Entry> timeline(@PathVariable String externalId, Authentication user) {
        var account = accounts.get(externalId, CurrentViewer.of(user)).account();
        return timeline.of(account);
    }

    @GetMapping("/{externalId}/plan")
    @Operation(summary = "Upcoming touches", description = "What the running journeys wait for, with due dates.")
    List<PlannedTouch> plan(@PathVariable String externalId, Authentication user) {
        accounts.get(externalId, CurrentViewer.of(user));
        return plan.of(externalId);
    }

}
