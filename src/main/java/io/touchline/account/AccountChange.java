package io.touchline.account;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Size;
import io.touchline.web.OneLine;

/**
 * A change from the CRM or billing: ARR, flags, who owns the account (dedicated CSM, pod), or its
 * industry (an empty text: not known any more).
 * Absent fields stay as they are. New owners get the account's next touches.
 */
public record AccountChange(
        @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 12, fraction = 2) BigDecimal arr,
        Boolean strategic,
        Boolean trial,
        @Size(max = 64) @OneLine String csm,
        @Size(max = 64) @OneLine String pod,
        @Size(max = 80) @OneLine String industry) {

    public AccountChange(BigDecimal arr, Boolean strategic, Boolean trial) {
        this(arr, strategic, trial, null, null);
    }

    public AccountChange(BigDecimal arr, Boolean strategic, Boolean trial, String csm, String pod) {
        this(arr, strategic, trial, csm, pod, null);
    }
}
