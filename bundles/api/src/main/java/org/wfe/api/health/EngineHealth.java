package org.wfe.api.health;

import org.osgi.annotation.versioning.ProviderType;

/** Runs the engine's health checks and says the verdict. */
@ProviderType
public interface EngineHealth {

    /** The tag every engine check carries; checks with it make up the engine's health. */
    String TAG = "wfe";

    /** Runs every check now. */
    HealthReport report();

    /**
     * A report at most about a second old: for callers anybody can make often (the unauthenticated
     * {@code GET /health}), so that they cannot make the engine probe its store at their rate.
     */
    default HealthReport recent() {
        return report();
    }
}
