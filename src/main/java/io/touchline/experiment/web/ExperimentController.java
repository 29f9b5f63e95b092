package io.touchline.experiment.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import io.touchline.account.Tier;
import io.touchline.experiment.Experiment;
import io.touchline.experiment.Experiments;
import io.touchline.security.CurrentViewer;
import io.touchline.web.ConflictException;
import io.touchline.web.InvalidInputException;

/**
 * Cadence experiments: {@code /api/experiments} for tools, {@code /experiments} for the team. Everyone signed in
 * reads them; CS Ops and CS managers declare, promote and end them.
 */
@Controller
@Tag(name = "Experiments")
class ExperimentController {

    record Promotion(String variant) {
    }

    private final Experiments experiments;

    ExperimentController(Experiments experiments) {
        this.experiments = experiments;
    }

    @GetMapping("/api/experiments")
    @ResponseBody
    @Operation(summary = "Every experiment, newest first, with its figures per variant and its verdict")
    List<Experiments.Results> all() {
        return experiments.all();
    }

    @GetMapping("/api/experiments/{id}")
    @ResponseBody
    @Operation(summary = "An experiment: accounts, outcome rate with its 95% interval and the difference to the control "
            + "per variant; the verdict (none before each variant has the declared sample)")
    Experiments.Results one(@PathVariable long id) {
        return experiments.results(id);
    }

    @GetMapping("/api/experiments/{id}/accounts")
    @ResponseBody
    @Operation(summary = "The accounts of a variant, when each joined and the outcome of its first measured touch")
    List<Experiments.Member> accounts(@PathVariable long id, @RequestParam String variant) {
        return experiments.accounts(id, variant);
    }

    @PostMapping("/api/experiments")
    @ResponseBody
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Declare and start a cadence experiment (CS Ops, CS managers)",
            description = "The tier's loop (cadence, as the journey's diagram names it) runs at each variant's period; "
                    + "the first variant is the control. Every active account of the tier joins now, new ones when they "
                    + "enrol; the sample per variant is computed from the baseline and expected rates. 409 while another "
                    + "experiment runs on the same loop.")
    Experiments.Results declare(@RequestBody Experiments.Declaration declaration, Authentication user) {
        requireTeamLead(user);
        return experiments.results(experiments.declare(declaration, user.getName()).id());
    }

    @PostMapping("/api/experiments/{id}/promote")
    @ResponseBody
    @Operation(summary = "End the experiment with a variant every account of the tier then follows (CS Ops, CS managers)")
    Experiments.Results promote(@PathVariable long id, @RequestBody Promotion promotion, Authentication user) {
        requireTeamLead(user);
        return experiments.promote(id, promotion.variant(), user.getName());
    }

    @PostMapping("/api/experiments/{id}/end")
    @ResponseBody
    @Operation(summary = "End the experiment: every account follows the diagram's cadence again (CS Ops, CS managers)")
    Experiments.Results end(@PathVariable long id, Authentication user) {
        requireTeamLead(user);
        return experiments.end(id, user.getName());
    }

    @GetMapping("/experiments")
    String page(Model model, Authentication user) {
        return page(model, user, null, Map.of());
    }

    private String page(Model model, Authentication user, String problem, Map<String, String> form) {
        model.addAttribute("experiments", experiments.all());
        model.addAttribute("canLead", CurrentViewer.of(user).leadsTheTeam());
        model.addAttribute("problem", problem);
        model.addAttribute("form", form);
        Map<String, String> loops = new LinkedHashMap<>();
        Map<String, String> touches = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            experiments.cadencesOf(tier).forEach((cadence, period) -> loops.put(tier.code() + "|" + cadence,
                    tier.label() + ": " + cadence + " (" + period + " in the diagram)"));
            experiments.touchesOf(tier).forEach(form1 -> touches.put(tier.code() + "|" + form1, tier.label() + ": " + form1));
        }
        model.addAttribute("loops", loops);
        model.addAttribute("touches", touches);
        return "experiments";
    }

    @PostMapping("/experiments")
    String declareFromPage(@RequestParam Map<String, String> form, Model model, Authentication user) {
        requireTeamLead(user);
        try {
            String[] loop = form.getOrDefault("loop", "").split("\\|", 2);
            String[] touch = form.getOrDefault("touch", "").split("\\|", 2);
            if (loop.length != 2) {
                throw new InvalidInputException("loop", "pick the tier's loop the experiment varies");
            }
            if (touch.length != 2 || !touch[0].equals(loop[0])) {
                throw new InvalidInputException("touch", "pick a touch of the same tier as the loop, whose outcome decides");
            }
            List<Experiment.Variant> variants = new ArrayList<>();
            String[] lines = form.getOrDefault("variants", "").split("\\R");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                String[] parts = lines[i].split("\\s*=\\s*");
                if (parts.length < 2 || parts.length > 3) {
                    throw new InvalidInputException("variants", "line " + (i + 1) + ": '" + lines[i].strip()
                            + "' is not 'name = period' or 'name = period = share', e.g. every-2-weeks = P14D");
                }
                int weight;
                try {
                    weight = parts.length == 3 ? Integer.parseInt(parts[2].strip()) : 1;
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("variants", "line " + (i + 1) + ": the share '" + parts[2].strip()
                            + "' is not a whole number");
                }
                variants.add(new Experiment.Variant(parts[0].strip(), parts[1].strip(), weight));
            }
            Experiment declared = experiments.declare(new Experiments.Declaration(form.get("name"), loop[0], loop[1], variants,
                    percent(form.get("holdoutPercent"), "holdoutPercent"), Experiment.ATTENDANCE, touch[1],
                    share(form.get("baselinePercent"), "baselinePercent"), share(form.get("expectedPercent"), "expectedPercent")),
                    user.getName());
            return "redirect:/experiments#experiment-" + declared.id();
        } catch (InvalidInputException e) {
            return page(model, user, String.join("; ", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList()),
                    form);
        } catch (ConflictException e) {
            return page(model, user, e.getMessage(), form);
        }
    }

    @PostMapping("/experiments/{id}/promote")
    String promoteFromPage(@PathVariable long id, @RequestParam String variant, Model model, Authentication user) {
        requireTeamLead(user);
        try {
            experiments.promote(id, variant, user.getName());
            return "redirect:/experiments#experiment-" + id;
        } catch (InvalidInputException | ConflictException e) {
            return page(model, user, e.getMessage(), Map.of());
        }
    }

    @PostMapping("/experiments/{id}/end")
    String endFromPage(@PathVariable long id, Model model, Authentication user) {
        requireTeamLead(user);
        try {
            experiments.end(id, user.getName());
            return "redirect:/experiments#experiment-" + id;
        } catch (ConflictException e) {
            return page(model, user, e.getMessage(), Map.of());
        }
    }

    @GetMapping("/experiments/{id}/accounts")
    String accountsPage(@PathVariable long id, @RequestParam String variant, Model model) {
        model.addAttribute("results", experiments.results(id));
        model.addAttribute("variant", variant);
        model.addAttribute("accounts", experiments.accounts(id, variant));
        return "experiment-accounts";
    }

    private static Integer percent(String text, String field) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "a whole percentage, not '" + text + "'");
        }
    }

    private static Double share(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(text.strip().replace("%", "")) / 100;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "a percentage such as 35, not '" + text + "'");
        }
    }

    private static void requireTeamLead(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("Experiments are declared, promoted and ended by CS Ops and CS managers");
        }
    }
}
