package org.wfe.api.job;

import java.time.Instant;

/**
 * A filter over jobs; null fields match everything. Results are newest first.
 *
 * @param actionName exact action name, or a prefix ending in {@code *}
 * @param rootsOnly only jobs without a parent
 */
public record JobQuery(JobStatus status, String actionName, String agentGuid, Instant since, Instant until,
        boolean rootsOnly, int offset, int limit) {

    public JobQuery {
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0");
        if (limit <= 0 || limit > 10_000) throw new IllegalArgumentException("limit must be within 1..10000");
    }

    public static JobQuery recent(int limit) {
        return new JobQuery(null, null, null, null, null, false, 0, limit);
    }

    public JobQuery withStatus(JobStatus s) {
        return new JobQuery(s, actionName, agentGuid, since, until, rootsOnly, offset, limit);
    }

    public JobQuery withAction(String a) {
        return new JobQuery(status, a, agentGuid, since, until, rootsOnly, offset, limit);
    }

    public JobQuery withAgent(String a) {
        return new JobQuery(status, actionName, a, since, until, rootsOnly, offset, limit);
    }

    public JobQuery page(int off, int lim) {
        return new JobQuery(status, actionName, agentGuid, since, until, rootsOnly, off, lim);
    }
}
