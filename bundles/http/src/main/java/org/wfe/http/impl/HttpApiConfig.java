package org.wfe.http.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.wfe.http}: limits of the HTTP API and the names the engine answers to. */
@ObjectClassDefinition(id = HttpApiConfig.PID, name = "Workflow engine HTTP API",
        description = "JSON API under /wfe/api/v1 (same admin user as the Web Console)")
public @interface HttpApiConfig {
    String PID = "org.wfe.http";

    @AttributeDefinition(name = "Wait timeout (s)", min = "1", max = "3600",
            description = "Longest a waited-for action keeps the request open; a job still running then is answered 202 with its guid")
    int waitTimeout() default 300;

    @AttributeDefinition(name = "Page size limit", min = "1", max = "10000",
            description = "Largest 'limit' a job listing or log read may ask for")
    int maxLimit() default 1000;

    @AttributeDefinition(name = "Request body limit (bytes)", min = "1024",
            description = "Largest JSON body accepted when starting an action")
    int maxBodyBytes() default 1_048_576;

    @AttributeDefinition(name = "Allowed host names", cardinality = 100, required = false,
            description = "Names (optionally name:port) this engine is reached by besides 127.0.0.1, localhost and [::1]"
                    + " with its port; any other Host header is refused (DNS rebinding)")
    String[] allowedHosts() default {};
}
