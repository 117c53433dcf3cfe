package org.wfe.metrics.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.wfe.metrics} (e.g. {@code etc/org.wfe.metrics.cfg}). */
@ObjectClassDefinition(id = MetricsConfig.PID, name = "Workflow engine metrics",
        description = "Prometheus text endpoint " + MetricsComponent.PATH)
public @interface MetricsConfig {
    String PID = "org.wfe.metrics";

    @AttributeDefinition(name = "Node name", required = false,
            description = "The value of the 'node' label on every series; empty means host name:engine home")
    String node() default "";

    @AttributeDefinition(name = "Bearer token file", required = false,
            description = "A file whose content (one line) a scraper may send as 'Authorization: Bearer <token>';"
                    + " relative to the engine home; read at every scrape, so a new token applies at once; no file, no token")
    String tokenFile() default "etc/metrics.token";
}
