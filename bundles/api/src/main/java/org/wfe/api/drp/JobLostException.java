package org.wfe.api.drp;

/**
 * A write of a job was refused because this engine no longer owns it (cluster mode): another node took it
 * over with a newer epoch, or this node fenced itself after it could not renew its lease. The node must stop
 * acting for the job: no more writes, its thread interrupted, its scripts killed.
 */
public class JobLostException extends DrpException {
    private static final long serialVersionUID = 1L;

    private final String jobGuid;

    public JobLostException(String jobGuid, String message) {
        super(message);
        this.jobGuid = jobGuid;
    }

    /** The job this node lost. */
    public String jobGuid() {
        return jobGuid;
    }
}
