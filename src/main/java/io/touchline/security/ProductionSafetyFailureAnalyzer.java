package io.touchline.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints what stops a production start, and how to fix it, instead of an engine stack trace. */
class ProductionSafetyFailureAnalyzer extends AbstractFailureAnalyzer<ProductionSafety.UnsafeProductionException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, ProductionSafety.UnsafeProductionException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set each value above (environment variables or --name=value on"
                + " the command line; see the README's \"Production\" section), or run the demo without the postgres"
                + " profile.", cause);
    }
}
