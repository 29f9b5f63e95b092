package io.touchline.whatif.web;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.touchline.calendar.web.Charts;
import io.touchline.security.CurrentViewer;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;
import io.touchline.whatif.WhatIfRuns;

/**
 * The what-if page: CS Ops pick a cadence change or upload changed diagrams and a horizon; the
 * run's page shows its progress while it replays, then charts today's model against the changed
 * one (CSM hours and emails per week) and the load per owner.
 */
@Controller
@io.touchline.web.HumanPages
class WhatIfPageController {

    private final WhatIfRuns runs;

    WhatIfPageController(WhatIfRuns runs) {
        this.runs = runs;
    }

    @GetMapping("/whatif")
    String form(Model model, Authentication user) {
        requireTeamLead(user);
        model.addAttribute("problems", List.of());
        return "whatif";
    }

    @PostMapping("/whatif")
    String start(@RequestParam(defaultValue = "12") String weeks, @RequestParam(required = false) String every,
            @RequestParam(required = false) List<MultipartFile> processes, Model model, Authentication user)
            throws java.io.IOException {
        requireTeamLead(user);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (MultipartFile file : processes == null ? List.<MultipartFile>of() : processes) {
            if (!file.isEmpty()) {
                files.put(file.getOriginalFilename(), file.getBytes());
            }
        }
        List<String> changes = every == null || every.isBlank() ? List.of()
                : List.of(every.trim().split("\\s*[,\\n]\\s*"));
        try {
            Integer horizon = Integer.valueOf(weeks.trim());
            return "redirect:/whatif/" + runs.start(horizon, changes, files).id();
        } catch (NumberFormatException e) {
            model.addAttribute("problems", List.of("weeks: must be between 1 and 52"));
        } catch (InvalidInputException e) {
            model.addAttribute("problems", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
        }
        model.addAttribute("weeks", weeks);
        model.addAttribute("every", every);
        return "whatif";
    }

    @GetMapping("/whatif/{id}")
    String run(@PathVariable String id, Model model, Authentication user) {
        requireTeamLead(user);
        WhatIfController.RunView run = WhatIfController.view(runs.get(id).orElseThrow(() -> new NotFoundException("No what-if " + id)));
        model.addAttribute("run", run);
        model.addAttribute("from", run.start().atZone(ZoneOffset.UTC).toLocalDate());
        if (run.result() != null && run.result().loadPerOwner() != null) {
            List<String> weeks = new ArrayList<>(new TreeSet<>(run.result().messages().stream()
                    .map(WhatIfController.MessagesWeek::week).toList()));
            double[] hoursToday = new double[weeks.size()];
            double[] hoursChanged = new double[weeks.size()];
            Map<String, double[]> byOwner = new TreeMap<>();
            for (WhatIfController.OwnerWeek w : run.result().loadPerOwner()) {
                int i = weeks.indexOf(w.week());
                if (i < 0) {
                    continue;
                }
                double today = w.baselineHours() != null ? w.baselineHours() : w.hours();
                hoursToday[i] += today;
                hoursChanged[i] += w.hours();
                double[] sum = byOwner.computeIfAbsent(w.owner(), k -> new double[4]);
                sum[0] += today;
                sum[1] += w.hours();
                sum[2] += w.baselineTouches() != null ? w.baselineTouches() : w.touches();
                sum[3] += w.touches();
            }
            double[] emailsToday = new double[weeks.size()];
            double[] emailsChanged = new double[weeks.size()];
            run.result().messages().forEach(m -> {
                int i = weeks.indexOf(m.week());
                emailsChanged[i] = m.emails();
                emailsToday[i] = m.baselineEmails() != null ? m.baselineEmails() : m.emails();
            });
            model.addAttribute("hoursChart", Charts.comparison(weeks, hoursToday, hoursChanged, "h"));
            model.addAttribute("emailsChart", Charts.comparison(weeks, emailsToday, emailsChanged, "emails"));
            model.addAttribute("owners", byOwner);
        }
        return "whatif-run";
    }

    private static void requireTeamLead(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("What-if is for CS Ops and CS managers");
        }
    }
}
