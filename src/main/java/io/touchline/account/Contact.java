package io.touchline.account;

import java.time.ZoneId;

import org.springframework.data.annotation.PersistenceCreator;

/**
 * A person at the customer. The first contact of an account is its primary contact. A contact's
 * own time zone (null: the account's) sets the local hours their emails arrive in.
 */
public record Contact(String name, String email, String role, String timeZone) {

    @PersistenceCreator
    public Contact {
    }

    public Contact(String name, String email, String role) {
        this(name, email, role, null);
    }

    public String firstName() {
        int space = name.indexOf(' ');
        return space > 0 ? name.substring(0, space) : name;
    }

    /** Where the contact reads their email: their own zone, else the account's. */
    public ZoneId zoneOr(ZoneId accountZone) {
        return timeZone == null || timeZone.isBlank() ? accountZone : ZoneId.of(timeZone);
    }
}
