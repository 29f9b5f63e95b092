package io.touchline.webinar;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** A webinar as CS Ops schedule it. Checked by {@link WebinarService}, which names each bad field. */
public record WebinarRequest(
        @Schema(example = "Dashboards your team will actually use", maxLength = 200) String title,
        @Schema(example = "2027-03-10T16:00:00Z", description = "When it starts: an ISO-8601 instant, or a date-time "
                + "with offset such as 2027-03-10T17:00:00+01:00; must be in the future") String startsAt,
        @Schema(example = "https://meet.acme-cloud.example/w/dashboards", description = "Where contacts join (http or https)")
        String joinUrl,
        @ArraySchema(arraySchema = @Schema(description = "Whose contacts are invited: tier codes; default low-touch and tech-touch"),
                schema = @Schema(example = "tech-touch")) List<String> tiers) {
}
