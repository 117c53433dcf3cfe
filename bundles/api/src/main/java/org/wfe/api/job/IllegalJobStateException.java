package org.wfe.api.job;

/** A transition the job's state does not allow: done on a finished job, a child of a killed job... */
public class IllegalJobStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String jobGuid;
    private final JobStatus status;

    public IllegalJobStateException(String jobGuid, JobStatus status, String what) {
        super("job " + jobGuid + " is " + status + ": cannot " + what);
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
