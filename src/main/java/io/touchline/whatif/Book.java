package io.touchline.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A copy of the book of accounts, as the live app exports it ({@code GET /api/whatif/book}) or as
 * {@link SyntheticBook} makes one: what a what-if replay enrols on its simulated clock. Each account
 * keeps what decides where its journey stands (customer since, renewal date, health) and what
 * changes its touches (owners, contacts' time zones and email preferences, its own rhythms).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Book(Instant exportedAt, List<BookAccount> accounts) {

    /**
     * One account as the live app holds it. {@code id} is its number in the live book: the replay
     * gives it the same one, as its touches' slots in a period depend on it ({@code Slots}).
     * {@code tier} is what the live app decided (for reading).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record BookAccount(Long id, String externalId, String name, BigDecimal arr, boolean strategic, boolean trial,
            LocalDate renewalDate, LocalDate customerSince, String timeZone, String csm, String pod, String tier,
            Integer healthScore, boolean atRisk, boolean escalationOpen, List<BookContact> contacts,
            Map<String, Rhythm> cadences, String industry) {

        public BookAccount {
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
            cadences = cadences == null ? Map.of() : Map.copyOf(cadences);
        }

        /** An account whose industry is not known. */
        public BookAccount(Long id, String externalId, String name, BigDecimal arr, boolean strategic, boolean trial,
                LocalDate renewalDate, LocalDate customerSince, String timeZone, String csm, String pod, String tier,
                Integer healthScore, boolean atRisk, boolean escalationOpen, List<BookContact> contacts,
                Map<String, Rhythm> cadences) {
            this(id, externalId, name, arr, strategic, trial, renewalDate, customerSince, timeZone, csm, pod, tier,
                    healthScore, atRisk, escalationOpen, contacts, cadences, null);
        }
    }

    /** A contact, with the choices they made on their preference page (none: the defaults). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record BookContact(String name, String email, String role, String timeZone, List<String> optedOut,
            Map<String, String> frequencies, String channel) {

        public BookContact {
            optedOut = optedOut == null ? List.of() : List.copyOf(optedOut);
            frequencies = frequencies == null ? Map.of() : Map.copyOf(frequencies);
        }
    }

    /** The account's own period for a cadence (cadence_override) and why it was set. */
    public record Rhythm(String period, String reason) {
    }

    public Book {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /**
     * The book split into {@code parts} books that share nothing a rule counts across accounts:
     * accounts whose primary contact has the same address (the frequency cap is per address) stay
     * in one part, so replaying the parts in separate engines gives the same figures as one engine.
     * Each part is a run of consecutive account numbers (the replay gives each account its live
     * number, cheapest when they follow one another).
     */
    public List<Book> partition(int parts) {
        List<List<BookAccount>> split = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            split.add(new ArrayList<>());
        }
        List<BookAccount> byNumber = new ArrayList<>(accounts);
        byNumber.sort(Comparator.comparing(BookAccount::id, Comparator.nullsLast(Comparator.naturalOrder())));
        Map<String, Integer> partOfContact = new HashMap<>();
        for (int i = 0; i < byNumber.size(); i++) {
            BookAccount account = byNumber.get(i);
            String key = account.contacts().isEmpty() ? account.externalId()
                    : account.contacts().get(0).email().toLowerCase(java.util.Locale.ROOT);
            int chunk = (int) ((long) i * parts / byNumber.size());
            split.get(partOfContact.computeIfAbsent(key, k -> chunk)).add(account);
        }
        return split.stream().map(a -> new Book(exportedAt, a)).toList();
    }

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static Book read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Book.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the book " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the book " + file, e);
        }
    }
}
