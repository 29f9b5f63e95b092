package io.touchline.support;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Before each test, makes the test's own engine the one /engine-rest and the webapps serve. They look
 * the engine up by name ("default") in Camunda's static registry, which every Spring test context of
 * this JVM writes its engine into when it starts and removes it from when it closes: without this, a
 * test of a cached context would query over HTTP whichever context started last (another database).
 */
public class DefaultEngineOfTheContext implements TestExecutionListener, Ordered {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            testContext.getApplicationContext().getBeanProvider(ProcessEngine.class)
                    .ifAvailable(ProcessEngines::registerProcessEngine);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
