package io.touchline.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.touchline.web.OneLine;

/** An account as the CRM sends it. The first contact is the primary contact. */
public record AccountRequest(
        @Schema(example = "CRM-0042", description = "The CRM's id; the journey's business key")
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]*", message = "may only contain letters, digits and . _ : -")
        String externalId,
        @Schema(example = "Northwind Traders") @NotBlank @Size(max = 200) @OneLine String name,
        @Schema(example = "120000", description = "Annual recurring revenue in USD")
        @NotNull @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 12, fraction = 2) BigDecimal arr,
        @Schema(description = "Flagged strategic by the CS team (high-touch whatever the ARR)") Boolean strategic,
        @Schema(description = "Free or trial plan") Boolean trial,
        @Schema(example = "2027-11-30") @NotNull LocalDate renewalDate,
        @Schema(example = "2026-11-22", description = "Start of the customer relationship; defaults to today. Accounts under 90 days get onboarding")
        LocalDate customerSince,
        @Schema(example = "Europe/Berlin", description = "IANA time zone of the account") @NotBlank String timeZone,
        @Schema(example = "dana", description = "User id of the dedicated CSM (high-touch)") @Size(max = 64) @OneLine String csm,
        @Schema(example = "pod-atlas", description = "Group id of the CSM pod (medium-touch)") @Size(max = 64) @OneLine String pod,
        @NotEmpty @Valid List<@NotNull(message = "must not be null") ContactRequest> contacts,
        @Schema(example = "72", description = "Health score 0-100 if the CRM knows it: under the at-risk threshold of health-status.dmn an at-risk escalation starts at once")
        @Min(0) @Max(100) Integer healthScore,
        @Schema(example = "Retail", description = "Industry as the CRM names it: tier assignment, blackout periods and task routing can read it (their Industry column)")
        @Size(max = 80) @OneLine String industry) {

    public AccountRequest(String externalId, String name, BigDecimal arr, Boolean strategic, Boolean trial,
            LocalDate renewalDate, LocalDate customerSince, String timeZone, String csm, String pod,
            List<ContactRequest> contacts) {
        this(externalId, name, arr, strategic, trial, renewalDate, customerSince, timeZone, csm, pod, contacts, null);
    }

    public AccountRequest(String externalId, String name, BigDecimal arr, Boolean strategic, Boolean trial,
            LocalDate renewalDate, LocalDate customerSince, String timeZone, String csm, String pod,
            List<ContactRequest> contacts, Integer healthScore) {
        this(externalId, name, arr, strategic, trial, renewalDate, customerSince, timeZone, csm, pod, contacts,
                healthScore, null);
    }

    public record ContactRequest(
            @Schema(example = "Ada Lovelace") @NotBlank @Size(max = 200) @OneLine String name,
            @Schema(example = "ada@northwind.example") @NotBlank @Email @Size(max = 254) String email,
            @Schema(example = "primary", description = "primary, champion, executive-sponsor, billing, ...")
            @Size(max = 40) @OneLine String role,
            @Schema(example = "America/New_York", description = "IANA time zone of the contact if not the account's: their emails arrive in their local send window")
            @Size(max = 64) String timeZone) {

        public ContactRequest(String name, String email, String role) {
            this(name, email, role, null);
        }

        Contact toContact() {
            return new Contact(name.trim(), email.trim(), role == null || role.isBlank() ? "primary" : role.trim(),
                    timeZone == null || timeZone.isBlank() ? null : timeZone.trim());
        }
    }
}
