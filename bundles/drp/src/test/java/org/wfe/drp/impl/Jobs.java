package org.wfe.drp.impl;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/** Test jobs. Times are whole microseconds, as both stores keep them. */
final class Jobs {

    private Jobs() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static Job root(String action, Map<String, Object> params) {
        String g = UUID.randomUUID().toString();
        return new Job(g, null, g, action, "name of " + action, "a test job", JobStatus.WAITING, now(), null, null,
                86_400, 0, null, null, null, params, null, null, null);
    }

    static Job child(Job parent, String action, int order) {
        String g = UUID.randomUUID().toString();
        return new Job(g, parent.guid(), parent.rootGuid(), action, null, null, JobStatus.WAITING, now(), null, null,
                parent.maxDuration(), order, null, null, null, Map.of(), null, null, null);
    }

    static Job done(Job j, Object result) {
        Instant t = now();
        return j.withStatus(JobStatus.DONE, j.startTime() == null ? t : j.startTime(), t, result, null, null);
    }
}
