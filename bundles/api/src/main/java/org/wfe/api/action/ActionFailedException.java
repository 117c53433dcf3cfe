package org.wfe.api.action;

import org.wfe.api.job.JobStatus;

/** A waited-for action's job ended other than DONE. */
public class ActionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String jobGuid;
    private final JobStatus status;

    public ActionFailedException(String jobGuid, JobStatus status, String message) {
        super("job " + jobGuid + " ended " + status + (message == null ? "" : ": " + message));
        this.jobGuid = jobGuid;
        this.status = status;
    }

    public String jobGuid() {
        return jobGuid;
    }

    public JobStatus status() {
        return status;
    }
}
