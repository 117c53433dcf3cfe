package org.wfe.job.controller.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.TakenJob;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * Cluster mode's start-up repair, run by every node at start and then every sweep interval: the store moves
 * the unfinished jobs of nodes whose lease ran out (and only those) to this node with a new epoch, in one
 * statement that other nodes may run at the same time. Each taken job is first offered to {@link #recover};
 * the others end ERROR with the dead node named, written at the new epoch, so a node that wakes up late
 * cannot end them a second time.
 */
final class Takeover implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

    private final JobStore store;
    private final ScheduledExecutorService sweeper = new ScheduledThreadPoolExecutor(1,
            r -> Thread.ofPlatform().name("wfe-job-takeover").daemon().unstarted(r));

    private volatile boolean first = true;

    private final Runnable afterSweep;
    private final Recovery recovery;
    private final Duration grace;

    /**
     * @param afterSweep runs after each scheduled sweep (the drain's check whether the node may stop)
     * @param recovery gets the taken script jobs, held for {@code grace} (at a node's start its job
     *     recoveries are not there yet)
     */
    Takeover(JobStore store, Runnable afterSweep, Recovery recovery, Duration grace) {
        this.store = store;
        this.afterSweep = afterSweep;
        this.recovery = recovery;
        this.grace = grace;
    }

    static String reason(String node) {
        return "engine node " + (node == null ? "(none: written before cluster mode)" : node) + " died while the job was running";
    }

    /** Sweeps now (so a restarted cluster repairs at once), then every {@code intervalMillis}. */
    void start(long intervalMillis) {
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
            afterSweep.run();
        } catch (RuntimeException e) { // the store is down or this node fenced: the next sweep tries again
            LOG.warn("takeover sweep failed: {}", e.getMessage());
        }
    }

    /** One sweep; returns how many jobs it took over. */
    int sweep() {
        List<TakenJob> taken = store.takeOverExpired();
        if (first) {
            first = false;
            LOG.info("node {}'s first takeover sweep: {} unfinished jobs of nodes whose lease ran out", store.nodeId(), taken.size());
        }
        if (taken.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (TakenJob t : taken) {
            if (recover(t)) {
                continue;
            }
            Job j = t.job();
            String reason = reason(t.fromNode());
            LOG.warn("job {} ({}) taken over from node {} at epoch {}: ERROR, {}", j.guid(), j.actionName(), t.fromNode(),
                    t.epoch(), reason);
            writes.add(store.saveJob(j.withStatus(JobStatus.ERROR, j.startTime(), now, j.result(), reason,
                    "found " + j.status() + " owned by node " + t.fromNode() + ", whose lease ran out; node " + store.nodeId()
                            + " took it over at epoch " + t.epoch())).toCompletableFuture());
            long seq = store.logSize(j.guid());
            writes.add(store.appendLog(j.guid(), List.of(new LogLine(seq, now, LogLevel.ERROR, "engine", reason)))
                    .toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("ending {} taken-over jobs did not complete: {}", taken.size(), e.toString());
        }
        LOG.warn("node {} took over {} unfinished jobs of nodes whose lease ran out", store.nodeId(), taken.size());
        return taken.size();
    }

    /**
     * Where a taken-over job is first offered to recovery: a script job (its agent may still run the script or
     * hold its result) is held live again at the new epoch and offered to the job recoveries; one nobody takes
     * within the grace ends ERROR there with the dead node named. True when the job is the recovery's now.
     */
    boolean recover(TakenJob taken) {
        if (!Recovery.candidate(taken.job())) {
            return false;
        }
        recovery.holdFor(taken.job(), reason(taken.fromNode()), grace);
        return true;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
