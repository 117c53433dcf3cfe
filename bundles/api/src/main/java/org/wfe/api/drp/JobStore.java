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
}
