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
class WhatIfPageController {

    /** A cadence loop of a tier's journey, as its diagram has it: the what-if form offers a new period for each. */
    record Loop(String key, String tier, String cadence, String period) {
    }

    /** The periods the form offers; any other ISO period can be typed in the free field. */
    static final List<String> PERIODS = List.of("P7D", "P14D", "P1M", "P2M", "P3M", "P6M", "P1Y");

    private final WhatIfRuns runs;
    private final io.touchline.capacity.Team team;
    private final io.touchline.experiment.Experiments experiments;

    WhatIfPageController(WhatIfRuns runs, io.touchline.capacity.Team team, io.touchline.experiment.Experiments experiments) {
        this.runs = runs;
        this.team = team;
        this.experiments = experiments;
    }

    private List<Loop> loops() {
        List<Loop> loops = new ArrayList<>();
        for (io.touchline.account.Tier tier : io.touchline.account.Tier.values()) {
            experiments.cadencesOf(tier).forEach((cadence, period) -> loops.add(
                    new Loop(tier.code() + ":" + cadence, tier.label(), cadence, period)));
        }
        return loops;
    }

    private void formModel(Model model, Map<String, String> chosen) {
        model.addAttribute("loops", loops());
        model.addAttribute("periods", PERIODS);
        model.addAttribute("chosen", chosen);
    }

    @GetMapping("/whatif")
    String form(Model model, Authentication user) {
        requireTeamLead(user);
        model.addAttribute("problems", List.of());
        formModel(model, Map.of());
        return "whatif";
    }

    @PostMapping("/whatif")
    String start(@RequestParam(defaultValue = "12") String weeks, @RequestParam(required = false) String every,
            @RequestParam(required = false) List<MultipartFile> processes,
            @RequestParam org.springframework.util.MultiValueMap<String, String> form, Model model, Authentication user)
            throws java.io.IOException {
        requireTeamLead(user);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (MultipartFile file : processes == null ? List.<MultipartFile>of() : processes) {
            if (!file.isEmpty()) {
                files.put(file.getOriginalFilename(), file.getBytes());
            }
        }
        // a new period picked for a loop (period-<tier>:<cadence>), then whatever was typed
        Map<String, String> chosen = new LinkedHashMap<>();
        List<String> changes = new ArrayList<>();
        for (Loop loop : loops()) {
            String period = form.getFirst("period-" + loop.key());
            if (period != null && !period.isBlank()) {
                chosen.put(loop.key(), period.trim());
                changes.add(loop.key() + "=" + period.trim());
            }
        }
        if (every != null && !every.isBlank()) {
            changes.addAll(List.of(every.trim().split("\\s*[,\\n]\\s*")));
        }
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
        formModel(model, chosen);
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
            // weeks as the calendar says them ("30 Nov"), not as ISO weeks ("2026-W49")
            List<String> mondays = weeks.stream().map(WhatIfPageController::mondayOf).toList();
            model.addAttribute("hoursChart", Charts.comparison(mondays, hoursToday, hoursChanged, "h"));
            model.addAttribute("emailsChart", Charts.comparison(mondays, emailsToday, emailsChanged, "emails"));
            model.addAttribute("owners", byOwner);
            model.addAttribute("roster", team.roster());
        }
        return "whatif-run";
    }

    /** "2026-W49" as the Monday of that week, "30 Nov". */
    static String mondayOf(String isoWeek) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{4})-W(\\d{2})").matcher(isoWeek);
        if (!m.matches()) {
            return isoWeek;
        }
        java.time.LocalDate monday = java.time.LocalDate.of(Integer.parseInt(m.group(1)), 1, 4)
                .with(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(m.group(2)))
                .with(java.time.DayOfWeek.MONDAY);
        return java.time.format.DateTimeFormatter.ofPattern("d MMM", java.util.Locale.ENGLISH).format(monday);
    }

    private static void requireTeamLead(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("What-if is for CS Ops and CS managers");
        }
    }
}
