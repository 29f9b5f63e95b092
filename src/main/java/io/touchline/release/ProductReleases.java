package io.touchline.release;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.touchline.account.Tier;
import io.touchline.web.ConflictException;

/**
 * Backing class of processes/product-release.bpmn: a release the product team announces goes to
 * the contacts of the active accounts of its tiers who want product updates, a batch of accounts
 * per job ({@link AnnounceReleaseDelegate}), so a book of a hundred thousand accounts is reached in
 * the background with its progress readable here and any failure a Cockpit incident.
 */
@Component
public class ProductReleases {

    public static final String KEY = "product-release";
    static final String VAR_TITLE = "releaseTitle";
    static final String VAR_SUMMARY = "releaseSummary";
    static final String VAR_URL = "releaseUrl";
    static final String VAR_TIERS = "releaseTiers";
    static final String VAR_AFTER = "afterAccountId";
    static final String VAR_TOTAL = "accountsTotal";
    static final String VAR_REACHED = "accountsReached";
    static final String VAR_EMAILED = "emailsQueued";
    static final String VAR_NOT_EMAILED = "contactsNotEmailed";
    static final String VAR_ALL_REACHED = "allReached";

    /** How far an announcement has got. */
    public record Status(String releaseId, String title, String state, int accountsTotal, int accountsReached,
            int emailsQueued, int contactsNotEmailed) {
    }

    private final RuntimeService runtime;
    private final HistoryService history;
    private final JdbcTemplate jdbc;

    ProductReleases(RuntimeService runtime, HistoryService history, JdbcTemplate jdbc) {
        this.runtime = runtime;
        this.history = history;
        this.jdbc = jdbc;
    }

    /** Starts the announcement; the same release id twice is refused (409), nothing is sent twice. */
    @Transactional
    public Status announce(String releaseId, String title, String summary, String url, List<Tier> tiers) {
        if (find(releaseId).isPresent()) {
            throw new ConflictException("releaseId", "release " + releaseId + " was already announced");
        }
        String tierNames = tiers.stream().map(Tier::name).collect(Collectors.joining(","));
        Integer total = jdbc.queryForObject("select count(*) from account where status = 'ACTIVE' and tier in ("
                + tiers.stream().map(t -> "?").collect(Collectors.joining(",")) + ")", Integer.class,
                tiers.stream().map(Tier::name).toArray());
        runtime.createProcessInstanceByKey(KEY).businessKey(releaseId)
                .setVariables(Variables.createVariables().putValue(VAR_TITLE, title).putValue(VAR_SUMMARY, summary)
                        .putValue(VAR_URL, url).putValue(VAR_TIERS, tierNames).putValue(VAR_AFTER, 0L)
                        .putValue(VAR_TOTAL, total).putValue(VAR_REACHED, 0).putValue(VAR_EMAILED, 0)
                        .putValue(VAR_NOT_EMAILED, 0).putValue(VAR_ALL_REACHED, false))
                .execute();
        return status(releaseId).orElseThrow();
    }

    public Optional<Status> status(String releaseId) {
        return find(releaseId).map(pi -> {
            Map<String, Object> v = history.createHistoricVariableInstanceQuery().processInstanceId(pi.getId()).list()
                    .stream().filter(h -> h.getValue() != null)
                    .collect(Collectors.toMap(HistoricVariableInstance::getName, HistoricVariableInstance::getValue, (a, b) -> b));
            String state = pi.getEndTime() != null ? "done" : runtime.createIncidentQuery().processInstanceId(pi.getId())
                    .count() > 0 ? "failed" : "sending";
            return new Status(releaseId, (String) v.get(VAR_TITLE), state, number(v.get(VAR_TOTAL)),
                    number(v.get(VAR_REACHED)), number(v.get(VAR_EMAILED)), number(v.get(VAR_NOT_EMAILED)));
        });
    }

    private Optional<HistoricProcessInstance> find(String releaseId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(KEY).processInstanceBusinessKey(releaseId)
                .list().stream().findFirst();
    }

    static List<Tier> tiersOf(String names) {
        return Arrays.stream(names.split(",")).map(Tier::valueOf).toList();
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }
}
