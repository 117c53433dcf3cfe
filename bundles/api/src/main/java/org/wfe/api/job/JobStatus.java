package org.wfe.api.job;

/**
 * Life cycle of a job: {@code WAITING -> RUNNING -> DONE | ERROR | KILLED | TIMED_OUT}. A job may also go
 * from WAITING straight to a final state (killed or timed out before it started).
 */
public enum JobStatus {
    WAITING, RUNNING, DONE, ERROR, KILLED, TIMED_OUT;

    /** @return true once the job can change no more. */
    public boolean isFinal() {
        return this != WAITING && this != RUNNING;
    }
}
