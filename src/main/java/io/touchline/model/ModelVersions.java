package io.touchline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.springframework.stereotype.Component;

/**
 * Counts the deployments this node has seen (from the Modeler, Cockpit, a restart with changed
 * files): what Touchline remembers about the deployed model (answers of decision tables, the
 * reading of a diagram) is looked up again after a deployment, and every account's planned touches
 * are made again. A plugin of the engine, so it sees every deployment, whoever makes it.
 */
@Component
public class ModelVersions extends AbstractProcessEnginePlugin {

    private final AtomicLong generation = new AtomicLong();
    private final io.touchline.journey.PlanChanges plans;

    ModelVersions(io.touchline.journey.PlanChanges plans) {
        this.plans = plans;
    }

    /** Changes whenever a deployment is made on this node. */
    public long generation() {
        return generation.get();
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<Deployer> deployers = configuration.getCustomPostDeployers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPostDeployers());
        deployers.add(deployment -> {
            generation.incrementAndGet();
            if (deployment.isNew()) {
                // a changed table or countdown can move any account's next touches
                plans.changedForAll();
            }
        });
        configuration.setCustomPostDeployers(deployers);
    }
}
