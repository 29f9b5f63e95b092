package io.touchline.account;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;

/** A change of ARR or flags from the CRM or billing; absent fields stay as they are. */
public record AccountChange(
        @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 12, fraction = 2) BigDecimal arr,
        Boolean strategic,
        Boolean trial) {
}
