package io.touchline.whatif.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.security.CurrentViewer;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;
import io.touchline.whatif.Book;
import io.touchline.whatif.BookExport;
import io.touchline.whatif.Forecast;
import io.touchline.whatif.WhatIfLauncher;
import io.touchline.whatif.WhatIfRuns;

/**
 * What-if for CS Ops and CS managers: replay the book over a changed model (a changed diagram or a
 * cadence per tier) for up to 52 weeks, away from the live journeys, and compare the weekly load
 * per CSM and pod and the emails per week with today's model.
 */
@RestController
@RequestMapping(path = "/api/whatif", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "What-if", description = "Forecast the weekly load of a changed touch model over a copy of the book")
class WhatIfController {

    record ChangedFile(@Schema(example = "journey-medium-touch.bpmn") String name,
            @Schema(description = "The file's content, Base64") String content) {
    }

    record WhatIfRequest(@Schema(example = "52", description = "Horizon in weeks, 1 to 52") Integer weeks,
            @Schema(example = "[\"medium-touch:check-in=P14D\"]", description = "tier:cadence=period, the cadence's new default for the tier")
            List<String> every,
            @Schema(description = "Changed .bpmn, .dmn or .form files, deployed in place of the same-named ones") List<ChangedFile> processes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunView(String id, String state, String progress, int weeks, long touches, String model, List<String> every,
            List<String> processes, Instant start, String error, Result result) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(int accounts, List<Forecast.Skipped> skipped, List<Forecast.Week> calendar,
            List<OwnerWeek> loadPerOwner, List<Forecast.Load> loadPerKind, List<Forecast.Load> baselineLoadPerKind,
            List<MessagesWeek> messages, Difference difference, List<String> failures) {
    }

    /** One owner's week: the changed model's touches and hours, and today's model's (with a change). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OwnerWeek(String week, String owner, int touches, double hours, Integer baselineTouches, Double baselineHours) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessagesWeek(String week, int emails, int inApp, Integer baselineEmails, Integer baselineInApp) {
    }

    /** Changed model minus today's model over the whole horizon. */
    record Difference(int touches, double hours, int emails, int inApp) {
    }

    private final WhatIfRuns runs;
    private final BookExport export;

    WhatIfController(WhatIfRuns runs, BookExport export) {
        this.runs = runs;
        this.export = export;
    }

    @GetMapping("/book")
    @Operation(summary = "The current book of accounts as a what-if copies it",
            description = "Accounts with contacts and their preferences, tier, owners, renewal date, customer since, "
                    + "time zone, health and own rhythms. Input for the command-line what-if (--book).")
    Book book(Authentication user) {
        requireTeamLead(user);
        return export.export();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a what-if", description = "Answers 202 with the run's id; GET /api/whatif/{id} shows its "
            + "progress and, when done, the weekly load per owner, emails per week and the difference from today's model.")
    ResponseEntity<RunView> start(@RequestBody WhatIfRequest request, Authentication user) {
        requireTeamLead(user);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<ChangedFile> processes = request.processes() == null ? List.of() : request.processes();
        for (int i = 0; i < processes.size(); i++) {
            ChangedFile file = processes.get(i);
            if (file == null || file.name() == null || file.content() == null) {
                throw new InvalidInputException("processes[" + i + "]", "needs a name and a Base64 content");
            }
            try {
                files.put(file.name(), Base64.getDecoder().decode(file.content().replaceAll("\\s", "")));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("processes[" + i + "].content", "is not Base64");
            }
        }
        return accepted(runs.start(request.weeks(), request.every(), files));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Start a what-if with changed files uploaded as multipart form data (weeks, every, processes)")
    ResponseEntity<RunView> startWithFiles(@RequestParam(required = false) String weeks,
            @RequestParam(required = false) List<String> every,
            @RequestParam(required = false) List<MultipartFile> processes, Authentication user) {
        requireTeamLead(user);
        Integer horizon;
        try {
            horizon = weeks == null || weeks.isBlank() ? null : Integer.valueOf(weeks.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("weeks", "must be between 1 and 52");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (MultipartFile file : processes == null ? List.<MultipartFile>of() : processes) {
            try {
                files.put(file.getOriginalFilename(), file.getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return accepted(runs.start(horizon, every, files));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A what-if: queued, running (with progress) or done (with results) or failed (with the error)")
    RunView get(@PathVariable String id, Authentication user) {
        requireTeamLead(user);
        return view(runs.get(id).orElseThrow(() -> new NotFoundException("No what-if " + id)));
    }

    private static ResponseEntity<RunView> accepted(WhatIfRuns.Run run) {
        return ResponseEntity.accepted().location(URI.create("/api/whatif/" + run.id())).body(view(run));
    }

    static RunView view(WhatIfRuns.Run run) {
        return new RunView(run.id(), run.state().name().toLowerCase(), run.weeksDone() + "/" + run.weeks() + " weeks",
                run.weeks(), run.touches(), run.model(), run.every(), run.processes(), run.start(), run.error(),
                run.outcome().map(WhatIfController::result).orElse(null));
    }

    private static Result result(WhatIfLauncher.Outcome outcome) {
        Forecast now = outcome.forecast();
        Forecast before = outcome.changed() != null ? outcome.baseline() : null;
        Map<List<String>, double[]> owners = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        now.load().forEach(l -> add(owners, l, 0));
        if (before != null) {
            before.load().forEach(l -> add(owners, l, 2));
        }
        List<OwnerWeek> perOwner = new ArrayList<>();
        owners.forEach((key, v) -> perOwner.add(new OwnerWeek(key.get(0), key.get(1), (int) v[0], round(v[1]),
                before == null ? null : (int) v[2], before == null ? null : round(v[3]))));
        List<MessagesWeek> messages = new ArrayList<>();
        for (int i = 0; i < now.messages().size(); i++) {
            Forecast.Messages m = now.messages().get(i);
            Forecast.Messages b = before == null ? null : before.messages().get(i);
            messages.add(new MessagesWeek(m.week(), m.emails(), m.inApp(), b == null ? null : b.emails(),
                    b == null ? null : b.inApp()));
        }
        Difference difference = before == null ? null : new Difference(now.touches() - before.touches(),
                round(now.hours() - before.hours()), now.emails() - before.emails(), now.inApp() - before.inApp());
        List<String> failures = new ArrayList<>(now.failures());
        if (before != null) {
            failures.addAll(before.failures());
        }
        return new Result(now.accounts(), now.skipped(), now.calendar(), perOwner, now.load(),
                before == null ? null : before.load(), messages, difference, failures.isEmpty() ? null : failures);
    }

    private static void add(Map<List<String>, double[]> owners, Forecast.Load load, int at) {
        double[] sum = owners.computeIfAbsent(List.of(load.week(), load.owner()), k -> new double[4]);
        sum[at] += load.touches();
        sum[at + 1] += load.hours();
    }

    private static double round(double hours) {
        return Math.round(hours * 100) / 100.0;
    }

    private static void requireTeamLead(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("What-ifs are for CS Ops and CS managers");
        }
    }
}
