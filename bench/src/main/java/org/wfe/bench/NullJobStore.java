package org.wfe.bench;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.wfe.api.drp.JobStore;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.LogLine;

/**
 * A job store that acknowledges every write at once, to isolate the engine's own cost. It keeps either
 * nothing (memory benchmarks: what stays on the heap is the engine's) or the final job rows (so that a
 * finished job can still be waited for once it left the controller's memory).
 */
public final class NullJobStore implements JobStore {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, Job> finished;
    private final java.util.concurrent.atomic.LongAdder saves = new java.util.concurrent.atomic.LongAdder();

    private NullJobStore(boolean keepFinished) {
        this.finished = keepFinished ? new ConcurrentHashMap<>() : null;
    }

    /** Row writes acknowledged so far. */
    public long saves() {
        return saves.sum();
    }

    /** Keeps nothing at all. */
    public static NullJobStore keepingNothing() {
        return new NullJobStore(false);
    }

    /** Keeps the final row of every job. */
    public static NullJobStore keepingFinished() {
        return new NullJobStore(true);
    }

    @Override
    public CompletionStage<Void> saveJob(Job job) {
        saves.increment();
        if (finished != null && job.status().isFinal()) {
            finished.put(job.guid(), job);
        }
        return DONE;
    }

    @Override
    public CompletionStage<Void> appendLog(String jobGuid, Collection<LogLine> lines) {
        return DONE;
    }

    @Override
    public Optional<Job> job(String guid) {
        return finished == null ? Optional.empty() : Optional.ofNullable(finished.get(guid));
    }

    @Override
    public List<Job> children(String parentGuid) {
        return List.of();
    }

    @Override
    public List<Job> jobs(JobQuery query) {
        return List.of();
    }

    @Override
    public List<Job> unfinishedJobs() {
        return List.of();
    }

    @Override
    public List<LogLine> log(String jobGuid, long fromSeq, int limit) {
        return List.of();
    }

    @Override
    public long logSize(String jobGuid) {
        return 0;
    }
}
