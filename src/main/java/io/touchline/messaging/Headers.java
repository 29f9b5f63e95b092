package io.touchline.messaging;

/** Header values built from customer data: no CR/LF (no header injection), no runs of blanks. */
final class Headers {

    private Headers() {
    }

    static String clean(String value) {
        return value == null ? null : value.replaceAll("[\\r\\n\\t]+", " ").replaceAll(" {2,}", " ").trim();
    }
}
