package io.touchline.touchpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.repository.Resource;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.touchline.EngineClock;
import io.touchline.account.AccountRepository;
import io.touchline.journey.RenewalCountdownProcess;

/**
 * Task listener on "complete" of every human touch: writes what the CSM entered in the task's form
 * (held / no-show / rescheduled, notes, next steps, health) onto the account's timeline, then clears
 * those form values from the journey, so the next touch's form starts empty.
 */
@Component("recordTouchpoint")
class RecordTouchpointListener implements TaskListener {

    static final String OUTCOME = "outcome";
    static final String CHANNEL = "channel";
    static final String NOTES = "notes";
    static final String NEXT_STEPS = "nextSteps";
    static final String HEALTH = "healthAssessment";
    private static final Set<String> COLUMNS = Set.of(OUTCOME, CHANNEL, NOTES, NEXT_STEPS, HEALTH);

    private final AccountRepository accounts;
    private final TouchpointRepository touchpoints;
    private final RepositoryService repository;
    private final ObjectMapper json;
    private final Engagement engagement;
    private final Map<String, List<String>> formFields = new ConcurrentHashMap<>();

    RecordTouchpointListener(AccountRepository accounts, TouchpointRepository touchpoints,
            RepositoryService repository, ObjectMapper json, Engagement engagement) {
        this.engagement = engagement;
        this.accounts = accounts;
        this.touchpoints = touchpoints;
        this.repository = repository;
        this.json = json;
    }

    @Override
    public void notify(DelegateTask task) {
        var account = accounts.findByExternalId(task.getExecution().getProcessBusinessKey())
                .orElseThrow(() -> new IllegalStateException("No account " + task.getExecution().getProcessBusinessKey()));
        String formKey = formRefOf(task);
        List<String> fields = formFields(task, formKey);
        Map<String, Object> details = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = task.getVariable(field);
            if (!COLUMNS.contains(field) && value != null && !"".equals(value)) {
                details.put(field, value);
            }
        }
        String outcome = text(task.getVariable(OUTCOME));
        if (outcome == null && details.containsKey(RenewalCountdownProcess.VAR_RENEWAL_OUTCOME)) {
            outcome = text(details.get(RenewalCountdownProcess.VAR_RENEWAL_OUTCOME));
        }
        UserTask element = task.getBpmnModelElementInstance();
        String title = element != null && element.getName() != null ? element.getName() : task.getName();
        touchpoints.save(new Touchpoint(null, account.id(), formKey, title,
                textOr(task.getVariable(CHANNEL), "task"), owner(task), outcome,
                text(task.getVariable(NOTES)), text(task.getVariable(NEXT_STEPS)), text(task.getVariable(HEALTH)),
                details.isEmpty() ? null : toJson(details), EngineClock.now()));
        if (Engagement.CHECK_IN_FORM.equals(formKey)) {
            engagement.afterCheckIn(account);
        }
        for (String field : fields) {
            if (!RenewalCountdownProcess.DECISION_VARIABLES.contains(field)) {
                task.getExecution().removeVariable(field);
            }
        }
    }

    private static String formRefOf(DelegateTask task) {
        UserTask userTask = task.getBpmnModelElementInstance();
        if (userTask != null && userTask.getCamundaFormRef() != null) {
            return userTask.getCamundaFormRef();
        }
        return task.getTaskDefinitionKey();
    }

    /**
     * The data keys of the task's Camunda Form: the latest deployed form of its key, as the
     * diagrams bind their forms ({@code formRefBinding="latest"}), whether the form came with the
     * diagram or in a deployment of its own. A form definition never changes, so its keys are
     * remembered by its id.
     */
    private List<String> formFields(DelegateTask task, String formKey) {
        var definition = org.camunda.bpm.engine.impl.context.Context.getCommandContext()
                .getCamundaFormDefinitionManager().findLatestDefinitionByKey(formKey);
        if (definition == null) {
            return List.copyOf(COLUMNS);
        }
        return formFields.computeIfAbsent(definition.getId(),
                k -> readFormFields(definition.getDeploymentId(), definition.getResourceName(), formKey));
    }

    private List<String> readFormFields(String deploymentId, String resourceName, String formKey) {
        try (var in = repository.getResourceAsStream(deploymentId, resourceName)) {
            JsonNode form = json.readTree(in);
            if (formKey.equals(form.path("id").asText())) {
                List<String> keys = new ArrayList<>();
                collectKeys(form.path("components"), keys);
                return List.copyOf(keys);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read form " + resourceName, e);
        }
        return List.copyOf(COLUMNS);
    }

    private static void collectKeys(JsonNode components, Collection<String> keys) {
        for (JsonNode component : components) {
            if (component.hasNonNull("key")) {
                keys.add(component.get("key").asText());
            }
            collectKeys(component.path("components"), keys);
        }
    }

    private static String owner(DelegateTask task) {
        if (task.getAssignee() != null) {
            return task.getAssignee();
        }
        var auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return auth == null ? null : auth.getUserId();
    }

    private String toJson(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            return details.toString();
        }
    }

    private static String text(Object value) {
        return value == null || "".equals(value) ? null : value.toString();
    }

    private static String textOr(Object value, String fallback) {
        String text = text(value);
        return text == null ? fallback : text;
    }
}
