package org.wfe.drp.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code org.wfe.drp}: which store, how large the queue and batches are, extra types. */
@ObjectClassDefinition(id = "org.wfe.drp", name = "WFE data repository",
        description = "The store of jobs and root objects and its single group-committing writer.")
@interface DrpConfig {

    @AttributeDefinition(description = "Store kind: h2 (embedded, the default) or postgresql",
            options = {@Option(label = "Embedded H2", value = "h2"), @Option(label = "PostgreSQL", value = "postgresql")})
    String store() default "h2";

    @AttributeDefinition(description = "JDBC URL; empty for H2 means ${wfe.home}/var/db/wfe, PostgreSQL needs one")
    String url() default "";

    @AttributeDefinition(description = "Database user (H2 default: sa)")
    String user() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Database password (never logged)")
    String password() default "";

    @AttributeDefinition(description = "Writes that may wait for the writer; past it callers block")
    int queueCapacity() default 10_000;

    @AttributeDefinition(description = "Most writes committed in one transaction")
    int maxBatch() default 1_000;

    @AttributeDefinition(description = "Largest JSON body (and job params or result) in bytes")
    long maxObjectSize() default 16L << 20;

    @AttributeDefinition(description = "Most pooled read connections (1..100); the engine holds at most this many plus"
            + " the writer's one plus the signal listener's one")
    int maxReadConnections() default 10;

    @AttributeDefinition(description = "Read connections kept open while idle")
    int minIdleReadConnections() default 2;

    @AttributeDefinition(description = "How long a read waits for a free connection before it fails, e.g. 5s")
    String readConnectionTimeout() default "5s";

    @AttributeDefinition(description = "Poll fallback of the store signals: subscribers recheck at least this often, e.g. 5s")
    String signalPollInterval() default "5s";

    @AttributeDefinition(description = "Cluster mode (PostgreSQL only): several engines share the store, each a node"
            + " with a lease; jobs of a node whose lease ran out are taken over by the others")
    boolean cluster() default false;

    @AttributeDefinition(description = "This engine's node id in cluster mode; empty: host name and engine home")
    String node() default "";

    @AttributeDefinition(description = "Cluster mode: seconds a node's lease lasts (database clock)")
    int leaseSeconds() default ClusterSettings.DEFAULT_LEASE_SECONDS;

    @AttributeDefinition(description = "Cluster mode: seconds between renewals of the lease")
    int renewSeconds() default ClusterSettings.DEFAULT_RENEW_SECONDS;

    @AttributeDefinition(description = "Root-object types accepted besides those bundles declare in Wfe-RootObjectTypes")
    String[] types() default {};
}
