package io.touchline.account;

/** A person at the customer. The first contact of an account is its primary contact. */
public record Contact(String name, String email, String role) {

    public String firstName() {
        int space = name.indexOf(' ');
        return space > 0 ? name.substring(0, space) : name;
    }
}
