package io.touchline.whatif;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.touchline.EngineClock;
import io.touchline.account.Account;
import io.touchline.account.AccountRepository;
import io.touchline.account.Contact;
import io.touchline.journey.AtRiskEscalationProcess;
import io.touchline.messaging.ContactPreferences;
import io.touchline.whatif.Book.BookAccount;
import io.touchline.whatif.Book.BookContact;
import io.touchline.whatif.Book.Rhythm;

/** The live book of accounts as a what-if copies it: every active account, read only. */
@Service
public class BookExport {

    private final AccountRepository accounts;
    private final ContactPreferences preferences;
    private final RuntimeService runtime;
    private final JdbcTemplate jdbc;

    BookExport(AccountRepository accounts, ContactPreferences preferences, RuntimeService runtime, JdbcTemplate jdbc) {
        this.accounts = accounts;
        this.preferences = preferences;
        this.runtime = runtime;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Book export() {
        Map<Long, Map<String, Rhythm>> rhythms = new HashMap<>();
        jdbc.query("select account_id, cadence, period, reason from cadence_override", (RowCallbackHandler) rs ->
                rhythms.computeIfAbsent(rs.getLong(1), id -> new LinkedHashMap<>())
                        .put(rs.getString(2), new Rhythm(rs.getString(3), rs.getString(4))));
        Set<String> escalating = runtime.createProcessInstanceQuery().processDefinitionKey(AtRiskEscalationProcess.KEY)
                .active().list().stream().map(pi -> pi.getBusinessKey()).collect(Collectors.toSet());
        List<BookAccount> book = new ArrayList<>();
        for (Account a : accounts.findAllByOrderByExternalId()) {
            if (!a.isActive()) {
                continue;
            }
            book.add(new BookAccount(a.id(), a.externalId(), a.name(), a.arr(), a.strategic(), a.trial(), a.renewalDate(),
                    a.customerSince(), a.timeZone().getId(), a.csm(), a.pod(), a.tier().code(), a.healthScore(),
                    a.atRisk(), escalating.contains(a.externalId()), a.contacts().stream().map(this::contact).toList(),
                    rhythms.getOrDefault(a.id(), Map.of()), a.industry()));
        }
        return new Book(EngineClock.now(), book);
    }

    private BookContact contact(Contact c) {
        ContactPreferences.Choices choices = preferences.choicesOf(c.email());
        List<String> optedOut = choices.types().stream().filter(t -> !t.subscribed()).map(t -> t.type().code).toList();
        Map<String, String> frequencies = new LinkedHashMap<>();
        choices.types().stream().filter(t -> t.frequency() != null)
                .forEach(t -> frequencies.put(t.type().code, t.frequency().code));
        String channel = choices.channel() == ContactPreferences.Channel.EMAIL ? null : choices.channel().code;
        return new BookContact(c.name(), c.email(), c.role(), c.timeZone(), optedOut, frequencies, channel);
    }
}
