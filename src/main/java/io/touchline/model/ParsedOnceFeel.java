package io.touchline.model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.context.VariableProvider.CompositeVariableProvider;
import org.camunda.feel.context.VariableProvider.StaticVariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.springframework.stereotype.Component;

import camundajar.impl.scala.runtime.BoxesRunTime;
import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Right;

/**
 * The engine's FEEL (the Scala FEEL engine every decision table's cells are written in), with each
 * cell parsed once instead of at every evaluation: Camunda's wrapper hands the engine the cell's
 * text each time, and parsing it is most of the cost of a decision (a tier assignment parsed its
 * 18 cells for every account enrolled). The same parser and evaluator, so a table means exactly
 * what it means in the Modeler; a cell that does not parse is reported as before. A plugin of the
 * engine: business rule tasks in the diagrams and Touchline's own lookups ({@link DecisionTables})
 * both use it.
 */
@Component
public class ParsedOnceFeel extends AbstractProcessEnginePlugin {

    static final int MAX_CELLS = 10_000;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.isDmnFeelEnableLegacyBehavior()) {
            return; // the legacy FEEL of Camunda 7.12 and earlier is another engine
        }
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration() : new DefaultDmnEngineConfiguration();
        var providers = configuration.getDmnFeelCustomFunctionProviders();
        dmn.setFeelEngineFactory(new FeelEngineFactory() {
            @Override
            public FeelEngine createInstance() {
                return new Engine(providers == null ? java.util.List.of() : providers);
            }
        });
        configuration.setDmnEngineConfiguration(dmn);
    }

    /** Camunda's Scala FEEL engine, remembering the parsed form of each cell. */
    static final class Engine extends ScalaFeelEngine {

        private static final String INPUT_VARIABLE_NAME = "inputVariableName";

        private final Map<String, Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>> parsed =
                new ConcurrentHashMap<>();

        Engine(java.util.List<org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider> providers) {
            super(providers);
        }

        @Override
        public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variableContext) {
            Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression> cell = parsed.get(expression);
            if (cell == null) {
                cell = feelEngine.parseUnaryTests(expression);
                if (parsed.size() >= MAX_CELLS) {
                    parsed.clear();
                }
                parsed.put(expression, cell);
            }
            if (!(cell instanceof Right<?, ?> right)) {
                // as Camunda's wrapper reports a cell that does not parse
                return super.evaluateSimpleUnaryTests(expression, inputVariable, variableContext);
            }
            StaticVariableProvider input = new StaticVariableProvider(
                    new camundajar.impl.scala.collection.immutable.Map.Map1<>(INPUT_VARIABLE_NAME, inputVariable));
            ContextVariableWrapper variables = new ContextVariableWrapper(variableContext);
            CustomContext context = new CustomContext() {
                @Override
                public VariableProvider variableProvider() {
                    return new CompositeVariableProvider(toScalaList(input, variables));
                }
            };
            Either<org.camunda.feel.FeelEngine.Failure, Object> result = feelEngine.eval((ParsedExpression) right.value(), context);
            if (result instanceof Right<?, ?> value) {
                return BoxesRunTime.unboxToBoolean(value.value());
            }
            // a failure while evaluating: reported the way Camunda's wrapper reports it
            return super.evaluateSimpleUnaryTests(expression, inputVariable, variableContext);
        }
    }
}
