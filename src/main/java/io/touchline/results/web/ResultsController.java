package io.touchline.results.web;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.Scope;
import io.touchline.results.Results;
import io.touchline.security.CurrentViewer;

/**
 * Results: {@code /api/results} for tools, {@code /results} for the team. Each viewer sees the accounts they may
 * see (a CSM their book and pod, CS Ops and managers the whole book).
 */
@Controller
@Tag(name = "Results")
class ResultsController {

    private final Results results;

    ResultsController(Results results) {
        this.results = results;
    }

    @GetMapping("/api/results")
    @ResponseBody
    @Operation(summary = "The touch model against its targets, per tier: business review and call attendance, "
            + "reschedule rate, NPS; over the last months (1-24, default 3) with a monthly trend; owner: a CSM or pod",
            description = "Targets come from results-targets.dmn. Warnings name a lower-touch tier whose NPS is above a "
                    + "higher-touch tier's (at least 5 answers each).")
    Results.Report report(@RequestParam(defaultValue = "3") int months, @RequestParam(required = false) String owner,
            Authentication user) {
        return results.report(months, owner, Scope.of(CurrentViewer.of(user)));
    }

    @GetMapping("/api/results/accounts")
    @ResponseBody
    @Operation(summary = "The accounts behind a tier's call or business review figures, the lowest attendance first")
    List<Results.AccountFigure> accounts(@RequestParam String tier, @RequestParam(defaultValue = "3") int months,
            @RequestParam(required = false) String owner, @RequestParam(defaultValue = "false") boolean reviews,
            Authentication user) {
        return results.accounts(tier, months, owner, Scope.of(CurrentViewer.of(user)), reviews);
    }

    @GetMapping("/results")
    String page(@RequestParam(defaultValue = "3") int months, @RequestParam(required = false) String owner, Model model,
            Authentication user) {
        model.addAttribute("report", results.report(months, owner, Scope.of(CurrentViewer.of(user))));
        return "results";
    }

    @GetMapping("/results/accounts")
    String accountsPage(@RequestParam String tier, @RequestParam(defaultValue = "3") int months,
            @RequestParam(required = false) String owner, @RequestParam(defaultValue = "false") boolean reviews, Model model,
            Authentication user) {
        model.addAttribute("accounts", results.accounts(tier, months, owner, Scope.of(CurrentViewer.of(user)), reviews));
        model.addAttribute("tier", tier);
        model.addAttribute("months", months);
        model.addAttribute("reviews", reviews);
        return "results-accounts";
    }
}
