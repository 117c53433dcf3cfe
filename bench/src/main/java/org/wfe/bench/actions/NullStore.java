package org.wfe.bench.actions;

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
 * A job store that acknowledges every write at once and keeps only final job rows (so a finished job can
 * still be waited for once it left the controller's memory): isolates the engine's own cost.
 */
final class NullStore implements JobStore {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, Job> finished = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Void> saveJob(Job job) {
        if (job.status().isFinal()) {
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
        return Optional.ofNullable(finished.get(guid));
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
