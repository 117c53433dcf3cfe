package org.wfe.job.controller.impl;

import org.wfe.api.job.Job;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.IllegalJobStateException;

/** The one place that decides which exception a call on a job in the wrong state gets. */
final class Refusals {

    /** KILLED and TIMED_OUT jobs refuse with JobKilledException (a tasklet stops), others IllegalJobStateException. */
    static RuntimeException of(Job job, String what) {
        return of(job.guid(), job.status(), what);
    }

    static RuntimeException of(String guid, JobStatus status, String what) {
        if (status == JobStatus.KILLED || status == JobStatus.TIMED_OUT) {
            return new JobKilledException(guid, status);
        }
        return new IllegalJobStateException(guid, status, what);
    }

    static String requireGuid(String guid) {
        if (guid == null || guid.isBlank()) {
            throw new IllegalArgumentException("a job guid is required, got " + (guid == null ? "null" : "'" + guid + "'"));
        }
        return guid;
    }

    private Refusals() {
    }
}
