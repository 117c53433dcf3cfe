package org.wfe.api.job;

/**
 * Thrown into a tasklet (or any caller acting for a job) whose job was killed or timed out: the job is
 * final, so nothing more may be done in its name.
 */
public class JobKilledException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String jobGuid;
    private final JobStatus status;

    public JobKilledException(String jobGuid, JobStatus status) {
        super("job " + jobGuid + " was " + (status == JobStatus.TIMED_OUT ? "timed out" : "killed")
                + ": no further work may be done for it");
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
