package org.wfe.api.health;

import org.osgi.annotation.versioning.ProviderType;

/** Runs the engine's health checks and says the verdict. */
@ProviderType
public interface EngineHealth {

    /** The tag every engine check carries; checks with it make up the engine's health. */
    String TAG = "wfe";

    HealthReport report();
}
