package org.wfe.job.controller.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import org.wfe.api.drp.JobStore;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLine;

/**
 * One job the controller holds in memory: an unfinished job, or a final one whose write is not durable
 * yet or that still has live descendants (so that a kill can reach them). State changes happen under the
 * object's monitor, one job at a time (never two monitors nested), so a kill and a completion racing on
 * the same job see one winner.
 */
final class LiveJob {

    final String guid;
    final LiveJob parent;
    final boolean waitForResult;
    final RowWriter row;
    /** Completes once the final state is durable (exceptionally when the store refused it). */
    final CompletableFuture<Job> finished = new CompletableFuture<>();
    /** Live children, so that kill and timeout reach every unfinished descendant. */
    final Set<LiveJob> children = ConcurrentHashMap.newKeySet();

    // guarded by this
    private Job job;
    private long version;
    private int childCount;
    private List<Runnable> killHooks;
    private Future<?> deadline;
    private boolean durable;
    // the log, guarded by this
    final JobLog log = new JobLog();

    LiveJob(Job job, LiveJob parent, boolean waitForResult, JobStore store) {
        this.guid = job.guid();
        this.job = job;
        this.parent = parent;
        this.waitForResult = waitForResult;
        this.row = new RowWriter(store, guid);
    }

    synchronized Job job() {
        return job;
    }

    synchronized JobStatus status() {
        return job.status();
    }

    /** Replaces the snapshot; returns the new version for the row writer. */
    synchronized long set(Job next) {
        job = next;
        return ++version;
    }

    synchronized long version() {
        return version;
    }

    synchronized int nextChildOrder() {
        return childCount++;
    }

    synchronized void addKillHook(Runnable hook) {
        if (killHooks == null) {
            killHooks = new ArrayList<>(2);
        }
        killHooks.add(hook);
    }

    synchronized void removeKillHook(Runnable hook) {
        if (killHooks != null) {
            killHooks.remove(hook);
        }
    }

    /** Hands the kill hooks over once (a final job runs them at most once). */
    synchronized List<Runnable> takeKillHooks() {
        List<Runnable> h = killHooks == null ? List.of() : killHooks;
        killHooks = null;
        return h;
    }

    synchronized void deadline(Future<?> f) {
        deadline = f;
    }

    synchronized Future<?> takeDeadline() {
        Future<?> f = deadline;
        deadline = null;
        return f;
    }

    /** Marks the final state durable; true when the job may leave memory now. */
    synchronized boolean markDurable() {
        durable = true;
        return children.isEmpty();
    }

    /** A child left memory; true when this (final, durable) job may leave too. */
    synchronized boolean childGone(LiveJob child) {
        children.remove(child);
        return durable && children.isEmpty();
    }

    /** Per-job log state: next seq, bytes used against the cap, lines not yet handed to the store. */
    static final class JobLog {
        long nextSeq;
        long bytes;
        boolean truncated;
        List<LogLine> buffer;
        /** Groups handed to the store and not acknowledged yet, oldest first. */
        List<List<LogLine>> unacked;
        boolean queued;
        /** Completes once every line handed to the store so far is durable. */
        CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);
    }
}
