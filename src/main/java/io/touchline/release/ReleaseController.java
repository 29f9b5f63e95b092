package io.touchline.release;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.touchline.account.Tier;
import io.touchline.security.CurrentViewer;
import io.touchline.web.FieldProblem;
import io.touchline.web.InvalidInputException;
import io.touchline.web.NotFoundException;
import io.touchline.web.OneLine;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Tag(name = "Product releases", description = "Product updates, sent when there is a real release")
class ReleaseController {

    record Release(@Schema(example = "2027.03") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,60}",
            message = "must be 1-60 letters, digits, dots, dashes or underscores") String releaseId,
            @Schema(example = "Saved views and alerts") @NotBlank @Size(max = 200) @OneLine String title,
            @Schema(example = "Save the filters you use every week and get an alert when a number moves.") @NotBlank
            @Size(max = 4000) String summary,
            @Schema(example = "https://app.acme-cloud.example/releases/2027-03") @Size(max = 500)
            @Pattern(regexp = "https?://\\S+", message = "must be an http or https address") String url,
            @Schema(description = "Tiers whose accounts hear of it (codes); all if absent", example = "[\"high-touch\"]")
            List<String> tiers) {
    }

    private final ProductReleases releases;
    private final Validator validator;

    ReleaseController(ProductReleases releases, Validator validator) {
        this.releases = releases;
        this.validator = validator;
    }

    @PostMapping(path = "/api/releases", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Announce a product release",
            description = "Every contact of the active accounts of the given tiers who wants product updates gets the "
                    + "product-update email (processes/product-release.bpmn), within their send window, their chosen "
                    + "frequency and the frequency cap, in the background; 202 with the progress. The same releaseId twice: 409.")
    ResponseEntity<ProductReleases.Status> announce(@RequestBody Release release, Authentication user) {
        if (!CurrentViewer.of(user).maintainsBook()) {
            throw new AccessDeniedException("Only CS Ops and connected systems announce releases");
        }
        List<FieldProblem> problems = new ArrayList<>();
        validator.validate(release).forEach(v -> problems.add(FieldProblem.of(v.getPropertyPath().toString(), v.getMessage())));
        List<Tier> tiers = new ArrayList<>();
        if (release.tiers() == null || release.tiers().isEmpty()) {
            tiers.addAll(Arrays.asList(Tier.values()));
        } else {
            for (int i = 0; i < release.tiers().size(); i++) {
                String code = release.tiers().get(i);
                try {
                    Tier tier = Tier.ofCode(code);
                    if (!tiers.contains(tier)) {
                        tiers.add(tier);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(FieldProblem.of("tiers[" + i + "]", "must be high-touch, medium-touch, low-touch or tech-touch"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ProductReleases.Status status = releases.announce(release.releaseId(), release.title().trim(), release.summary().trim(),
                release.url(), tiers);
        return ResponseEntity.accepted().location(URI.create("/api/releases/" + release.releaseId())).body(status);
    }

    @GetMapping(path = "/api/releases/{releaseId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "How far a release announcement has got",
            description = "state: sending, done, or failed (a batch failed three times: a Cockpit incident says why)")
    ProductReleases.Status status(@PathVariable String releaseId) {
        return releases.status(releaseId).orElseThrow(() -> new NotFoundException("No release " + releaseId));
    }
}
