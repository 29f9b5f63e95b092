package io.touchline.account;

import com.fasterxml.jackson.annotation.JsonValue;

public enum AccountStatus {
    ACTIVE, CHURNED;

    @JsonValue
    public String code() {
        return name().toLowerCase();
    }
}
