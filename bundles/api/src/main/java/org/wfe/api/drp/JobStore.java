package org.wfe.api.drp;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.LogLine;

/**
 * Persistence of jobs and their logs, for the job controller. Writes go through the same single writer
 * as root objects; a stage completes once the write is durable.
 */
@ProviderType
public interface JobStore {

    /** Inserts or replaces the job row (last write wins per guid within a batch). */
    CompletionStage<Void> saveJob(Job job);

    CompletionStage<Void> appendLog(String jobGuid, Collection<LogLine> lines);

    Optional<Job> job(String guid);

    List<Job> children(String parentGuid);

    List<Job> jobs(JobQuery query);

    /** Jobs the store still has as WAITING or RUNNING: what a start after a crash must repair. */
    List<Job> unfinishedJobs();

    List<LogLine> log(String jobGuid, long fromSeq, int limit);

    /** Number of log lines (next seq) the store has for a job. */
    long logSize(String jobGuid);

    // ---------------------------------------------------------------- cluster mode (PostgreSQL, cluster=true)

    /**
     * Whether this store runs in cluster mode: several engines (nodes) share it, each job is owned by one
     * node with an epoch, and a job's writes fail with {@link JobLostException} once its node lost it.
     * Then {@link #unfinishedJobs()} must not be repaired wholesale: use {@link #takeOverExpired()}.
     */
    default boolean clustered() {
        return false;
    }

    /**
     * Moves every unfinished job of the nodes whose lease expired (and only those) to this node with a new
     * epoch, in one statement that concurrent callers on other nodes may run at the same time: each job goes
     * to exactly one of them. Empty outside cluster mode and while this node is fenced.
     */
    default List<TakenJob> takeOverExpired() {
        return List.of();
    }

    /**
     * Tells {@code listener} (with the reason) when this node fences itself: it could not renew its lease in
     * time, so it must stop acting for all its jobs before another node may take them over.
     */
    default void onFenced(java.util.function.Consumer<String> listener) {
    }

    /** This node's id in cluster mode, or null. */
    default String nodeId() {
        return null;
    }

    /** The nodes of the cluster, this one included; empty outside cluster mode. */
    default List<NodeInfo> nodes() {
        return List.of();
    }

    /**
     * Marks this node draining (it takes no new work) or active again; returns whether it is a cluster
     * node at all.
     */
    default boolean draining(boolean draining) {
        return false;
    }

    /** Whether this node is draining. */
    default boolean isDraining() {
        return false;
    }
    /**
     * Cluster mode: asks the owner node of an unfinished job to kill it. The request is a durable flag on the
     * job (any node may set it; it needs no epoch, the owner reads it and kills the job as a local kill would);
     * signal the job's guid once this returns. False when the job is final or unknown, or outside cluster mode.
     *
     * @since 1.3
     */
    default boolean requestKill(String guid, String user) {
        return false;
    }

    /**
     * Cluster mode: the unfinished jobs of this node that another node asked to kill, by guid, with the user
     * who asked. Empty outside cluster mode.
     *
     * @since 1.3
     */
    default java.util.Map<String, String> killRequests() {
        return java.util.Map.of();
    }
}
