package org.wfe.drp.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.wfe.retention}: which finished jobs are purged, and how gently. */
@ObjectClassDefinition(id = "org.wfe.retention", name = "WFE job retention",
        description = "Purges finished job trees (with their logs) older than maxAge or beyond the newest maxJobs.")
@interface RetentionConfig {

    @AttributeDefinition(description = "Purge job trees whose top-level job ended longer ago than this, e.g. 30d,"
            + " 12h, 10m, 30s; 0 or off keeps them for ever")
    String maxAge() default "30d";

    @AttributeDefinition(description = "Keep only the newest this many finished top-level jobs (with their"
            + " subtrees); 0 means no count limit")
    long maxJobs() default 0;

    @AttributeDefinition(description = "Most jobs deleted in one write transaction (1..10000): the writer is held"
            + " for one batch at a time, other writes go between batches")
    int batchSize() default 500;

    @AttributeDefinition(description = "How often the purge runs, e.g. 10m, 30s (at least 1s)")
    String interval() default "10m";
}
