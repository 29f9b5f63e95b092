package io.touchline.model.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.model.ModelOverview;
import io.touchline.model.RolloutPreview;
import io.touchline.model.Rollouts;
import io.touchline.security.CurrentViewer;
import io.touchline.web.InvalidInputException;
import io.touchline.whatif.WhatIfRuns;

/**
 * The deployed touch model: {@code /api/model} for tools, {@code /model} for CS Ops and the team. Every signed-in
 * user may read it: what the journeys do is no secret inside the team. CS Ops and CS managers roll a changed
 * journey out to the running book ({@link Rollouts}).
 */
@Controller
@Tag(name = "Model")
class ModelController {

    /** What to roll out: every older version (no fromVersion) or one; for renamed elements, old id to new id. */
    record RolloutRequest(Integer fromVersion, Map<String, String> mapping) {
    }

    /** A preview's what-if: its id, its page and its API address. */
    record Preview(String whatIf, String page, String api, List<String> files) {
    }

    private final ModelOverview overview;
    private final Rollouts rollouts;
    private final RolloutPreview preview;

    ModelController(ModelOverview overview, Rollouts rollouts, RolloutPreview preview) {
        this.overview = overview;
        this.rollouts = rollouts;
        this.preview = preview;
    }

    @GetMapping("/api/model")
    @ResponseBody
    @Operation(summary = "The deployed journeys, shared processes and decision tables",
            description = "Per process its versions (deployed when and by whom), the running journeys and accounts on each, "
                    + "and what changed from each older version to the latest in business words; per decision table "
                    + "whether a change applies to running journeys at once or needs a rollout.")
    ModelOverview.Model model() {
        return overview.read();
    }

    @PostMapping("/api/model/{processKey}/rollouts")
    @ResponseBody
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Roll the latest version of a process out to its running journeys (CS Ops, CS managers)",
            description = "Moves the running journeys of every older version (or of fromVersion) to the latest, in the "
                    + "background. Journeys waiting at an element the latest version lacks are refused, named with the "
                    + "element; give a mapping {oldId: newId} for renamed elements. 409 while a rollout of the process runs.")
    Rollouts.Rollout rollOut(@PathVariable String processKey, @RequestBody(required = false) RolloutRequest request,
            Authentication user) {
        requireTeamLead(user);
        RolloutRequest r = request == null ? new RolloutRequest(null, Map.of()) : request;
        return rollouts.start(processKey, r.fromVersion(), r.mapping(), user.getName());
    }

    @PostMapping("/api/model/{processKey}/preview")
    @ResponseBody
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Preview a rollout: what the latest version would do to the next weeks (CS Ops, CS managers)",
            description = "Starts a what-if over the live book with the latest deployed version of the process (and of the "
                    + "processes it calls) in place of today's; follow it at /api/whatif/{id}, see it at /whatif/{id}.")
    Preview preview(@PathVariable String processKey, @RequestParam(defaultValue = "12") int weeks, Authentication user) {
        requireTeamLead(user);
        WhatIfRuns.Run run = preview.start(processKey, weeks);
        return new Preview(run.id(), "/whatif/" + run.id(), "/api/whatif/" + run.id(), run.processes());
    }

    @GetMapping("/api/model/rollouts")
    @ResponseBody
    @Operation(summary = "The latest rollouts, newest first")
    List<Rollouts.Rollout> recentRollouts() {
        return rollouts.recent(20);
    }

    @GetMapping("/api/model/rollouts/{id}")
    @ResponseBody
    @Operation(summary = "A rollout: journeys moved, waiting, refused and failed, with the accounts and reasons")
    Rollouts.Rollout rollout(@PathVariable long id) {
        return rollouts.get(id);
    }

    @PostMapping("/api/model/rollouts/{id}/retry")
    @ResponseBody
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Re-run the journeys a rollout failed to move (CS Ops, CS managers)",
            description = "Ends the rollout's batch if it still waits on failed jobs (Cockpit incidents), then starts a new "
                    + "rollout of the same process with the same renamed elements over those journeys only.")
    Rollouts.Rollout retry(@PathVariable long id, Authentication user) {
        requireTeamLead(user);
        return rollouts.retry(id, user.getName());
    }

    @GetMapping("/model")
    String page(Model model, Authentication user) {
        model.addAttribute("model", overview.read());
        model.addAttribute("rollouts", rollouts.recent(5));
        model.addAttribute("canRollOut", CurrentViewer.of(user).leadsTheTeam());
        model.addAttribute("problem", null);
        return "model";
    }

    @PostMapping("/model/{processKey}/rollouts")
    String rollOutFromPage(@PathVariable String processKey, @RequestParam(required = false) String fromVersion,
            @RequestParam(required = false) String mapping, Model model, Authentication user) {
        requireTeamLead(user);
        try {
            Integer from = fromVersion == null || fromVersion.isBlank() ? null : Integer.valueOf(fromVersion.trim());
            return "redirect:/model/rollouts/" + rollouts.start(processKey, from, Rollouts.parseMapping(mapping), user.getName()).id();
        } catch (NumberFormatException e) {
            model.addAttribute("problem", "fromVersion: '" + fromVersion + "' is not a version number");
        } catch (InvalidInputException e) {
            model.addAttribute("problem", String.join("; ", e.problems().stream().map(p -> p.message()).toList()));
        } catch (io.touchline.web.ConflictException e) {
            model.addAttribute("problem", e.getMessage());
        }
        model.addAttribute("model", overview.read());
        model.addAttribute("rollouts", rollouts.recent(5));
        model.addAttribute("canRollOut", true);
        return "model";
    }

    @PostMapping("/model/{processKey}/preview")
    String previewFromPage(@PathVariable String processKey, Authentication user) {
        requireTeamLead(user);
        return "redirect:/whatif/" + preview.start(processKey, 12).id();
    }

    @GetMapping("/model/rollouts/{id}")
    String rolloutPage(@PathVariable long id, Model model, Authentication user) {
        model.addAttribute("rollout", rollouts.get(id));
        model.addAttribute("canRollOut", CurrentViewer.of(user).leadsTheTeam());
        model.addAttribute("problem", null);
        return "rollout";
    }

    @PostMapping("/model/rollouts/{id}/retry")
    String retryFromPage(@PathVariable long id, Model model, Authentication user) {
        requireTeamLead(user);
        try {
            return "redirect:/model/rollouts/" + rollouts.retry(id, user.getName()).id();
        } catch (InvalidInputException e) {
            model.addAttribute("problem", String.join("; ", e.problems().stream().map(p -> p.message()).toList()));
        } catch (io.touchline.web.ConflictException e) {
            model.addAttribute("problem", e.getMessage());
        }
        model.addAttribute("rollout", rollouts.get(id));
        model.addAttribute("canRollOut", true);
        return "rollout";
    }

    private static void requireTeamLead(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("Rollouts are for CS Ops and CS managers");
        }
    }
}
