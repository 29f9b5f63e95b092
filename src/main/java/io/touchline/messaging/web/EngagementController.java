package io.touchline.messaging.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.AccountService;
import io.touchline.messaging.EmailEngagement;
import io.touchline.security.CurrentViewer;

/** Opens and clicks of an account's automated emails, with counts, for the CSMs who may see the account. */
@RestController
@Tag(name = "Email engagement", description = "Opens and clicks of the automated emails")
class EngagementController {

    private final AccountService accounts;
    private final EmailEngagement engagement;

    EngagementController(AccountService accounts, EmailEngagement engagement) {
        this.accounts = accounts;
        this.engagement = engagement;
    }

    @GetMapping(path = "/api/accounts/{externalId}/engagement", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Opens and clicks per email, first first",
            description = "kind open (the tracking pixel; inflated by mail privacy proxies) or click (with the url); "
                    + "count includes repeats. The first of each is also on the account's timeline.")
    List<EmailEngagement.Entry> engagement(@PathVariable String externalId, Authentication user) {
        var account = accounts.get(externalId, CurrentViewer.of(user)).account();
        return engagement.of(account.id());
    }
}
