package io.touchline.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What failed and needs a person: journey steps that ran out of retries (Cockpit incidents), and
 * emails the outbox gave up on or that bounced. Suppressed, opted-out and withdrawn emails are not
 * failures (they went as the rules say) and stay on the timeline only.
 */
@Component
public class FailedTouches {

    /** One failure, with the account it concerns and what to do about it. */
    public record Failure(String kind, String account, String step, String process, String message, Instant since,
            String incidentId) {
    }

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final JdbcTemplate jdbc;
    private final Map<String, String> stepNames = new ConcurrentHashMap<>();

    FailedTouches(RuntimeService runtime, RepositoryService repository, JdbcTemplate jdbc) {
        this.runtime = runtime;
        this.repository = repository;
        this.jdbc = jdbc;
    }

    /** Open incidents, newest first. */
    public List<Failure> incidents(int limit) {
        List<Incident> incidents = runtime.createIncidentQuery().orderByIncidentTimestamp().desc().listPage(0, limit);
        Map<String, String> accounts = incidents.isEmpty() ? Map.of()
                : runtime.createProcessInstanceQuery()
                        .processInstanceIds(incidents.stream().map(Incident::getProcessInstanceId)
                                .collect(Collectors.toSet()))
                        .list().stream().collect(Collectors.toMap(ProcessInstance::getId,
                                p -> p.getBusinessKey() == null ? "" : p.getBusinessKey(), (a, b) -> a, HashMap::new));
        List<Failure> failures = new ArrayList<>();
        for (Incident incident : incidents) {
            failures.add(new Failure("step", accounts.getOrDefault(incident.getProcessInstanceId(), ""),
                    stepName(incident.getProcessDefinitionId(), incident.getActivityId()),
                    incident.getProcessDefinitionId().split(":")[0], incident.getIncidentMessage(),
                    incident.getIncidentTimestamp().toInstant(), incident.getId()));
        }
        return failures;
    }

    /** Emails given up on after every retry, and hard bounces, newest first. */
    public List<Failure> emails(int limit) {
        return jdbc.query("""
                select a.external_id, o.title, o.recipient, o.failed_at, o.last_error
                from outbox_message o join account a on a.id = o.account_id
                where o.failed_at is not null and o.sent_at is null and o.last_error not like 'not sent:%'
                order by o.failed_at desc fetch first ? rows only""",
                (row, i) -> new Failure("email", row.getString(1), row.getString(2), "outbox",
                        "to " + row.getString(3) + ": " + row.getString(5), row.getTimestamp(4).toInstant(), null),
                limit);
    }

    public int openIncidents() {
        return (int) runtime.createIncidentQuery().count();
    }

    public int failedEmailsSince(Instant since) {
        Integer count = jdbc.queryForObject("""
                select count(*) from outbox_message
                where failed_at >= ? and sent_at is null and last_error not like 'not sent:%'""",
                Integer.class, java.sql.Timestamp.from(since));
        return count == null ? 0 : count;
    }

    /** The step's name in the diagram, as CS Ops wrote it; its id if it has none. */
    private String stepName(String definitionId, String activityId) {
        if (activityId == null) {
            return "";
        }
        return stepNames.computeIfAbsent(definitionId + "#" + activityId, key -> {
            FlowElement element = repository.getBpmnModelInstance(definitionId).getModelElementById(activityId);
            return element != null && element.getName() != null ? element.getName() : activityId;
        });
    }
}
