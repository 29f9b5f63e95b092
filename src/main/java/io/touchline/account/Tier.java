package io.touchline.account;

import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonValue;

/** The segments of the touch model. The code is what the DMN tables, templates and API use. */
public enum Tier {
    HIGH_TOUCH("high-touch", "High-touch"),
    MEDIUM_TOUCH("medium-touch", "Medium-touch"),
    LOW_TOUCH("low-touch", "Low-touch"),
    TECH_TOUCH("tech-touch", "Tech-touch");

    private final String code;
    private final String label;

    Tier(String code, String label) {
        this.code = code;
        this.label = label;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Tier ofCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown tier '" + code + "'"));
    }
}
