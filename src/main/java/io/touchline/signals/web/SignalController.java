package io.touchline.signals.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.Viewer;
import io.touchline.security.CurrentViewer;
import io.touchline.signals.AccountEvent;
import io.touchline.signals.SignalService;
import io.touchline.signals.SignalService.Receipt;
import io.touchline.web.ApiErrors;
import io.touchline.web.ConflictException;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;

@RestController
@Tag(name = "Events", description = "What happens to an account, pushed by the CRM, billing, product analytics and the NPS tool")
class SignalController {

    /** One event of a batch: the account it is about and the event. */
    record BatchItem(@Schema(example = "CRM-0001") String externalId, AccountEvent event) {
    }

    /** What became of one event of a batch: the HTTP status it would have had on its own. */
    record BatchResult(int index, String externalId, String eventId, int status, Receipt receipt,
            List<FieldProblem> errors) {
    }

    private final SignalService signals;

    SignalController(SignalService signals) {
        this.signals = signals;
    }

    @PostMapping(path = "/api/accounts/{externalId}/events", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send an account event",
            description = "Types: health-score, nps-answer, milestone-reached, expansion-signal, renewal-signed, "
                    + "renewal-date-changed, rhythm-requested, churned, commercials-changed, inbound-request, external-touch. A repeated eventId is accepted and does nothing (status duplicate); an event "
                    + "older than the last applied one of the same state signal is recorded but not applied (status stale).")
    @ApiResponse(responseCode = "200", description = "applied, duplicate or stale")
    @ApiResponse(responseCode = "400", description = "Bad payload, naming the field; nothing applied",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @ApiResponse(responseCode = "404", description = "Unknown account", content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @ApiResponse(responseCode = "409", description = "The account is closed: the event is recorded, no journey takes it",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    Receipt receive(@PathVariable String externalId, @RequestBody AccountEvent event, Authentication user) {
        return receiveOnce(externalId, event, CurrentViewer.of(user));
    }

    /**
     * Two requests racing with the same new event id: the table's key lets one commit, the other is
     * rolled back whole and, asked again, finds the event recorded: "duplicate", as documented.
     */
    private Receipt receiveOnce(String externalId, AccountEvent event, Viewer viewer) {
        try {
            return signals.receive(externalId, event, viewer);
        } catch (DuplicateKeyException raced) {
            return signals.receive(externalId, event, viewer);
        }
    }

    @PostMapping(path = "/api/events", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a batch of account events",
            description = "Each event is taken on its own, in its own transaction, as if sent alone; the answer lists, "
                    + "in order, the status each one got (200, 400, 404, 409) with its receipt or errors.")
    List<BatchResult> receiveAll(@RequestBody List<BatchItem> batch, Authentication user) {
        if (batch == null || batch.isEmpty()) {
            throw new InvalidInputException("body", "must be a non-empty list of {externalId, event}");
        }
        if (batch.size() > 1000) {
            throw new InvalidInputException("body", "holds " + batch.size() + " events; send at most 1000 per batch");
        }
        Viewer viewer = CurrentViewer.of(user);
        List<BatchResult> results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            BatchItem item = batch.get(i);
            results.add(one(i, item, viewer));
        }
        return results;
    }

    private BatchResult one(int index, BatchItem item, Viewer viewer) {
        String eventId = item == null || item.event() == null ? null : item.event().eventId();
        String externalId = item == null ? null : item.externalId();
        if (externalId == null || externalId.isBlank()) {
            return failed(index, externalId, eventId, HttpStatus.BAD_REQUEST, FieldProblem.of("externalId", "must not be blank"));
        }
        if (item.event() == null) {
            return failed(index, externalId, eventId, HttpStatus.BAD_REQUEST, FieldProblem.of("event", "must not be null"));
        }
        try {
            return new BatchResult(index, externalId, eventId, HttpStatus.OK.value(),
                    receiveOnce(externalId, item.event(), viewer), null);
        } catch (InvalidInputException e) {
            return new BatchResult(index, externalId, eventId, HttpStatus.BAD_REQUEST.value(), null, e.problems());
        } catch (NotFoundException e) {
            return failed(index, externalId, eventId, HttpStatus.NOT_FOUND, FieldProblem.of("externalId", e.getMessage()));
        } catch (ConflictException e) {
            return failed(index, externalId, eventId, HttpStatus.CONFLICT, FieldProblem.of(e.field(), e.getMessage()));
        } catch (AccessDeniedException e) {
            return failed(index, externalId, eventId, HttpStatus.FORBIDDEN, FieldProblem.of(null, e.getMessage()));
        }
    }

    private static BatchResult failed(int index, String externalId, String eventId, HttpStatus status, FieldProblem problem) {
        return new BatchResult(index, externalId, eventId, status.value(), null, List.of(problem));
    }
}
