package io.touchline.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The decision tables CS Ops keep in processes/*.dmn, as Touchline's Java asks them (which tier,
 * who gets a task, is this day blacked out, ...): always the latest deployed version of the table,
 * evaluated by the engine's own DMN engine, so the tables mean exactly what they mean in the
 * Modeler and in Cockpit.
 *
 * <p>A table is a pure function of its inputs, and these are asked the same questions again and
 * again (the blackout table for every day a timer looks at, the routing table for every task), so
 * an answer is remembered for its table version and inputs. A new version is a new table: a
 * deployment on this node is seen at once, one on another node within {@code
 * touchline.decisions.refresh} (default 5 seconds). These lookups are not written to the engine's
 * history as decision instances (a journey would write one for every timer it sets); what they
 * decide is on the account itself (its tier, its owner, its timeline).
 */
@Component
public class DecisionTables {

    /** Answers remembered per table version and inputs; past this many the memory starts over. */
    static final int MAX_ANSWERS = 50_000;

    private record Latest(String definitionId, DmnDecision decision, long checkedAtNanos, long generation) {
    }

    private record Question(String definitionId, Map<String, Object> inputs) {
    }

    private final ProcessEngine engine;
    private final long refreshNanos;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private final Map<Question, List<Map<String, Object>>> answers = new ConcurrentHashMap<>();
    private final ModelVersions versions;
    private volatile DmnEngine dmn;

    DecisionTables(ProcessEngine engine, ModelVersions versions,
            @Value("${touchline.decisions.refresh:PT5S}") Duration refresh) {
        this.engine = engine;
        this.versions = versions;
        this.refreshNanos = refresh.toNanos();
    }

    /** The rows of the table that match (its hit policy applied), each as output name to value. */
    public List<Map<String, Object>> evaluate(String key, Map<String, Object> inputs) {
        Latest table = latest(key);
        Question question = new Question(table.definitionId(), java.util.Collections.unmodifiableMap(new HashMap<>(inputs)));
        List<Map<String, Object>> known = answers.get(question);
        if (known != null) {
            return known;
        }
        DmnDecisionTableResult result = dmn().evaluateDecisionTable(table.decision(), new HashMap<>(inputs));
        List<Map<String, Object>> rows = new ArrayList<>(result.size());
        for (DmnDecisionRuleResult rule : result) {
            rows.add(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rule.getEntryMap())));
        }
        List<Map<String, Object>> answer = List.copyOf(rows);
        if (answers.size() >= MAX_ANSWERS) {
            answers.clear();
        }
        answers.put(question, answer);
        return answer;
    }

    /** The one matching row, if any; more than one is an error in the table. */
    public Optional<Map<String, Object>> single(String key, Map<String, Object> inputs) {
        List<Map<String, Object>> rows = evaluate(key, inputs);
        if (rows.size() > 1) {
            throw new IllegalStateException(key + ".dmn gave " + rows.size() + " rules for " + inputs + " where one was expected");
        }
        return rows.stream().findFirst();
    }

    /** The first matching row, if any. */
    public Optional<Map<String, Object>> first(String key, Map<String, Object> inputs) {
        return evaluate(key, inputs).stream().findFirst();
    }

    private Latest latest(String key) {
        Latest known = latest.get(key);
        long now = System.nanoTime();
        if (known != null && known.generation() == versions.generation() && now - known.checkedAtNanos() < refreshNanos) {
            return known;
        }
        long seen = versions.generation();
        DecisionDefinition definition = engine.getRepositoryService().createDecisionDefinitionQuery()
                .decisionDefinitionKey(key).latestVersion().withoutTenantId().singleResult();
        if (definition == null) {
            throw new IllegalStateException("No decision table '" + key + "' is deployed (processes/" + key + ".dmn)");
        }
        DmnDecision decision = known != null && known.definitionId().equals(definition.getId()) ? known.decision()
                : configuration().getCommandExecutorTxRequired().execute(context ->
                        context.getProcessEngineConfiguration().getDeploymentCache()
                                .findDeployedDecisionDefinitionById(definition.getId()));
        Latest fresh = new Latest(definition.getId(), decision, now, seen);
        latest.put(key, fresh);
        return fresh;
    }

    /**
     * A DMN engine set up as the process engine's own (FEEL, EL, script engines, the same defaults),
     * without its listeners: they write history and metrics, which these lookups do not.
     */
    private DmnEngine dmn() {
        DmnEngine engine = dmn;
        if (engine == null) {
            DefaultDmnEngineConfiguration source = configuration().getDmnEngineConfiguration();
            DefaultDmnEngineConfiguration own = new DefaultDmnEngineConfiguration();
            own.setEnableFeelLegacyBehavior(source.isEnableFeelLegacyBehavior());
            own.setFeelEngineFactory(source.getFeelEngineFactory());
            own.setElProvider(source.getElProvider());
            own.setScriptEngineResolver(source.getScriptEngineResolver());
            own.setReturnBlankTableOutputAsNull(source.isReturnBlankTableOutputAsNull());
            own.setDefaultInputExpressionExpressionLanguage(source.getDefaultInputExpressionExpressionLanguage());
            own.setDefaultInputEntryExpressionLanguage(source.getDefaultInputEntryExpressionLanguage());
            own.setDefaultOutputEntryExpressionLanguage(source.getDefaultOutputEntryExpressionLanguage());
            own.setDefaultLiteralExpressionLanguage(source.getDefaultLiteralExpressionLanguage());
            engine = own.buildEngine();
            dmn = engine;
        }
        return engine;
    }

    private ProcessEngineConfigurationImpl configuration() {
        return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    }
}
