package org.wfe.api.drp;

import org.wfe.api.job.Job;

/**
 * An unfinished job this node took over from a node whose lease expired; its writes from now on are
 * conditioned on the new epoch.
 *
 * @param job the job as the store had it
 * @param fromNode the node that owned it ({@code null} for a job no node owned: written before cluster mode)
 * @param epoch the job's new epoch
 */
public record TakenJob(Job job, String fromNode, long epoch) {
}
