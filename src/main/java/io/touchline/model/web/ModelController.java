package io.touchline.model.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.model.ModelOverview;

/**
 * The deployed touch model: {@code /api/model} for tools, {@code /model} for CS Ops and the team. Every signed-in
 * user may read it: what the journeys do is no secret inside the team.
 */
@Controller
@Tag(name = "Model")
class ModelController {

    private final ModelOverview overview;

    ModelController(ModelOverview overview) {
        this.overview = overview;
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

    @GetMapping("/model")
    String page(Model model) {
        model.addAttribute("model", overview.read());
        return "model";
    }
}
