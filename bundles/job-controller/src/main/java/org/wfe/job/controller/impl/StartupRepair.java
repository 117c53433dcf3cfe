package org.wfe.job.controller.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.JobStore;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * At start, no job may stay WAITING or RUNNING in the store: nothing runs it any more (the previous
 * engine stopped or crashed), so each becomes ERROR with an explicit reason and one log line. A RUNNING
 * script job first goes to {@link Recovery}: its agent may still run the script, or hold its result.
 */
final class StartupRepair {

    static final String REASON = "engine stopped while the job was running";
    private static final Logger LOG = LoggerFactory.getLogger(StartupRepair.class);

    /** Returns how many jobs were repaired; waits (bounded) until the store has them. */
    static int repair(JobStore store) {
        return repair(store, store.unfinishedJobs());
    }

    /** Offers the script jobs to {@code recovery} (held for its grace), then repairs the rest. */
    static int repair(JobStore store, Recovery recovery) {
        List<Job> all = store.unfinishedJobs();
        List<Job> scripts = all.stream().filter(Recovery::candidate).toList();
        if (!scripts.isEmpty()) {
            recovery.hold(scripts);
            LOG.info("{} script jobs were RUNNING when the previous run ended: offered to the job recoveries", scripts.size());
        }
        return repair(store, all.stream().filter(j -> !Recovery.candidate(j)).toList());
    }

    private static int repair(JobStore store, List<Job> unfinished) {
        if (unfinished.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Job j : unfinished) {
            writes.add(store.saveJob(j.withStatus(JobStatus.ERROR, j.startTime(), now, j.result(), REASON,
                    "found " + j.status() + " in the store when the job controller started")).toCompletableFuture());
            long seq = store.logSize(j.guid());
            writes.add(store.appendLog(j.guid(), List.of(new LogLine(seq, now, LogLevel.ERROR, "engine", REASON)))
                    .toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("repairing {} unfinished jobs did not complete: {}", unfinished.size(), e.toString());
        }
        LOG.warn("{} jobs were still WAITING or RUNNING from the previous run and are now ERROR: {}", unfinished.size(), REASON);
        return unfinished.size();
    }

    private StartupRepair() {
    }
}
