package io.touchline.webinar.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.Tier;
import io.touchline.security.CurrentViewer;
import io.touchline.web.ApiErrors;
import io.touchline.webinar.WebinarInvitationsProcess;
import io.touchline.webinar.WebinarRequest;
import io.touchline.webinar.WebinarService;

/** CS Ops schedule live training webinars; processes/webinar-invitations.bpmn invites and reminds the audience. */
@RestController
@RequestMapping(path = "/api/webinars", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webinars", description = "Schedule a webinar: invitation 14 days before, reminders 7 days and 1 day before "
        + "(processes/webinar-invitations.bpmn), to the contacts of the audience tiers who did not opt out of training")
class WebinarController {

    record Send(@Schema(example = "Send_Invitations") String step, @Schema(example = "Send webinar invitations") String name,
            @Schema(description = "When the step runs or ran; each contact's email then waits for their send window") Instant at) {
        static Send of(WebinarInvitationsProcess.Send send) {
            return new Send(send.step(), send.name(), send.at());
        }
    }

    record WebinarView(long id, String title, Instant startsAt, String joinUrl, List<String> tiers,
            @Schema(description = "scheduled, cancelled or held (it has started)") String state,
            @Schema(description = "The send steps that ran") List<Send> sent,
            @Schema(description = "The send steps still ahead, as the diagram plans them") List<Send> planned,
            @Schema(description = "Whom the start time suits: the contacts it invites, how many it reaches in their working "
                    + "hours (the send window, in each contact's zone), and the zones where it does not, with the start on "
                    + "their clock") io.touchline.webinar.WebinarTiming.Timing timing,
            @Schema(example = "the start suits 41 of 57 contacts (weekdays 09:00-17:00 local time)") String fit) {
        static WebinarView of(WebinarService.Overview overview) {
            var w = overview.webinar();
            return new WebinarView(w.id(), w.title(), w.startsAt(), w.joinUrl(), w.audience().stream().map(Tier::code).toList(),
                    overview.state().code(), overview.sent().stream().map(Send::of).toList(),
                    overview.planned().stream().map(Send::of).toList(), overview.timing(), overview.timing().summary());
        }
    }

    private final WebinarService webinars;
    private final io.touchline.webinar.WebinarAttendance attendance;

    WebinarController(WebinarService webinars, io.touchline.webinar.WebinarAttendance attendance) {
        this.webinars = webinars;
        this.attendance = attendance;
    }

    @PostMapping(path = "/{id}/attendees", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report who registered and who attended (the webinar tool, CS Ops, CS managers)",
            description = "A list of {email, registered, attended}; an address reported again is replaced. The Results page "
                    + "counts registrations against invitations and attendance against registrations, per tier.")
    io.touchline.webinar.WebinarAttendance.Report attendees(@PathVariable long id,
            @RequestBody List<io.touchline.webinar.WebinarAttendance.Attendee> attendees, Authentication user) {
        requireReporter(user);
        return attendance.record(id, attendees);
    }

    @PostMapping(path = "/{id}/attendees", consumes = "text/csv")
    @Operation(summary = "The same from the webinar tool's CSV export: a header 'email,registered,attended', yes/no cells",
            description = "One bad line refuses the report, naming the line; nothing is written.")
    io.touchline.webinar.WebinarAttendance.Report attendeesCsv(@PathVariable long id, @RequestBody String csv,
            Authentication user) {
        requireReporter(user);
        return attendance.record(id, io.touchline.webinar.WebinarAttendance.parseCsv(csv));
    }

    private static void requireReporter(Authentication user) {
        var viewer = CurrentViewer.of(user);
        if (!viewer.leadsTheTeam() && !viewer.groups().contains(io.touchline.account.Viewer.INTEGRATIONS)) {
            throw new AccessDeniedException("Attendance comes from the webinar tool (an integration), CS Ops or CS managers");
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Schedule a webinar", description = "Starts its invitations. Scheduled late, the invitation "
            + "goes at once and the reminders that still make sense follow (see the diagram's \"How much notice?\").")
    @ApiResponse(responseCode = "201", description = "Scheduled, with the planned sends")
    @ApiResponse(responseCode = "400", description = "Bad input, naming each field; nothing written",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    @ApiResponse(responseCode = "403", description = "Not CS Ops or a CS manager",
            content = @Content(schema = @Schema(implementation = ApiErrors.class)))
    ResponseEntity<WebinarView> schedule(@RequestBody WebinarRequest request, Authentication user) {
        requireTeamLead(user);
        WebinarView view = WebinarView.of(webinars.schedule(request, user.getName()));
        return ResponseEntity.created(URI.create("/api/webinars/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "Upcoming webinars (cancelled ones too), the soonest first, with their state and sends")
    List<WebinarView> upcoming(Authentication user) {
        requireTeamLead(user);
        return webinars.upcoming().stream().map(WebinarView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One webinar with its state and sends")
    WebinarView get(@PathVariable long id, Authentication user) {
        requireTeamLead(user);
        return WebinarView.of(webinars.get(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a webinar", description = "Nothing more is sent: its invitations process ends and "
            + "emails still held for a contact's send window are taken back. Idempotent; 409 once it has started.")
    WebinarView cancel(@PathVariable long id, Authentication user) {
        requireTeamLead(user);
        return WebinarView.of(webinars.cancel(id, user.getName()));
    }

    private static void requireTeamLead(Authentication user) {
        if (!CurrentViewer.of(user).leadsTheTeam()) {
            throw new AccessDeniedException("Webinars are scheduled by CS Ops and CS managers");
        }
    }
}
