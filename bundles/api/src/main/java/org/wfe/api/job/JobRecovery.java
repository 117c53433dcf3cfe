package org.wfe.api.job;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Takes over an unfinished job whose runner is gone (whiteboard: register one as a service). The job
 * controller calls it on the node that now owns the job: at start-up for what the previous process left
 * RUNNING, and (in a cluster) for the jobs of a dead node. Before the call the job is live again in the
 * job controller: RUNNING, its max duration still counting from its original start, kill and wait working
 * as for any job.
 * <p>
 * Decide quickly and return; do the work on a thread of your own, and end the job through the usual
 * {@link JobController} calls ({@code log}, {@code onKill}, {@code done}, {@code died}). A service that
 * throws counts as one that said no; when no service takes the job, it ends ERROR as without recovery.
 *
 * @since 1.5
 */
@ConsumerType
public interface JobRecovery {

    /**
     * @param job the job as stored (RUNNING, with its agent, start time and max duration)
     * @return true when this service takes the job and will end it; false when the job is not its kind
     */
    boolean recover(Job job);
}
