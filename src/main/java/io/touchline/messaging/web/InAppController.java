package io.touchline.messaging.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.AccountService;
import io.touchline.messaging.InAppFeed;
import io.touchline.security.CurrentViewer;
import io.touchline.web.NotFoundException;

/** The in-app feed the product shows an account's users: read it, mark a message seen. */
@RestController
@RequestMapping(path = "/api/accounts/{externalId}/in-app", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "In-app feed", description = "In-app touches of the journeys, for the product to show")
class InAppController {

    private final AccountService accounts;
    private final InAppFeed feed;

    InAppController(AccountService accounts, InAppFeed feed) {
        this.accounts = accounts;
        this.feed = feed;
    }

    @GetMapping
    @Operation(summary = "The account's in-app messages, oldest first (unseen=true: only those not yet seen)")
    List<InAppFeed.Message> feed(@PathVariable String externalId,
            @RequestParam(name = "unseen", defaultValue = "false") boolean unseen, Authentication user) {
        var account = accounts.get(externalId, CurrentViewer.of(user)).account();
        return feed.of(account.id(), unseen);
    }

    @PostMapping("/{messageId}/seen")
    @Operation(summary = "Mark a message seen (a repeat changes nothing)")
    Map<String, Object> seen(@PathVariable String externalId, @PathVariable long messageId, Authentication user) {
        var account = accounts.get(externalId, CurrentViewer.of(user)).account();
        if (!feed.markSeen(account.id(), messageId)) {
            throw new NotFoundException("No in-app message " + messageId + " for " + externalId);
        }
        return Map.of("id", messageId, "seen", true);
    }
}
