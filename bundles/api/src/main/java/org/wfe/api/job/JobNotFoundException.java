package org.wfe.api.job;

/** No job has this guid. */
public class JobNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String jobGuid;

    public JobNotFoundException(String jobGuid) {
        super("no job with guid " + jobGuid);
        this.jobGuid = jobGuid;
    }

    public String jobGuid() {
        return jobGuid;
    }
}
