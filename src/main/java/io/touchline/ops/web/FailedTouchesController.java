package io.touchline.ops.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.ops.FailedTouches;
import io.touchline.security.CurrentViewer;
import io.touchline.web.InvalidInputException;

/** What failed and needs a person, for CS Ops and CS managers. */
@RestController
@Tag(name = "Operations")
class FailedTouchesController {

    private final FailedTouches failed;

    FailedTouchesController(FailedTouches failed) {
        this.failed = failed;
    }

    @GetMapping(path = "/api/failed-touches", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Failed touches", description = "Journey steps out of retries (Cockpit incidents: retry them"
            + " there once the cause is mended) and emails given up on or bounced, newest first, each with the account.")
    Map<String, List<FailedTouches.Failure>> list(@RequestParam(defaultValue = "100") int limit, Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("Failed touches are for CS Ops and CS managers");
        }
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit", "must be between 1 and 1000");
        }
        return Map.of("steps", failed.incidents(limit), "emails", failed.emails(limit));
    }
}
