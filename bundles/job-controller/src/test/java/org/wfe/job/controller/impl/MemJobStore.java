package org.wfe.job.controller.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.JobStore;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.LogLine;

/**
 * An in-memory JobStore for unit tests. With {@link #hold(boolean)} writes are only acknowledged when the
 * test calls {@link #release()}, which proves that nobody is told of a final state before its write.
 */
class MemJobStore implements JobStore {

    final Map<String, Job> rows = new ConcurrentHashMap<>();
    final Map<String, List<LogLine>> logs = new ConcurrentHashMap<>();
    /** Every row write in the order the store applied it: guid + status. */
    final List<String> applied = new CopyOnWriteArrayList<>();
    final AtomicInteger logCalls = new AtomicInteger();
    private final List<Runnable> held = new ArrayList<>();
    private volatile boolean hold;
    volatile boolean failJobWrites;
    /** Refuses (like the real store's validation) rows whose params or result hold this value. */
    static final Object NOT_JSON = new Object();

    synchronized void hold(boolean h) {
        hold = h;
    }

    /** Applies and acknowledges every held write, in order. */
    void release() {
        List<Runnable> todo;
        synchronized (this) {
            todo = new ArrayList<>(held);
            held.clear();
        }
        todo.forEach(Runnable::run);
    }

    synchronized int heldWrites() {
        return held.size();
    }

    private CompletionStage<Void> write(Runnable apply) {
        CompletableFuture<Void> cf = new CompletableFuture<>();
        Runnable r = () -> {
            apply.run();
            cf.complete(null);
        };
        synchronized (this) {
            if (hold) {
                held.add(r);
                return cf;
            }
        }
        r.run();
        return cf;
    }

    @Override
    public CompletionStage<Void> saveJob(Job job) {
        if (job.params().containsValue(NOT_JSON) || job.result() == NOT_JSON) {
            return CompletableFuture.failedFuture(new org.wfe.api.drp.InvalidObjectException("params or result of job " + job.guid()
                    + " are not JSON-compatible (test)"));
        }
        if (failJobWrites) {
            return CompletableFuture.failedFuture(new DrpException("store refused the write (test)"));
        }
        return write(() -> {
            rows.put(job.guid(), job);
            applied.add(job.guid() + ":" + job.status());
        });
    }

    @Override
    public CompletionStage<Void> appendLog(String jobGuid, Collection<LogLine> lines) {
        logCalls.incrementAndGet();
        List<LogLine> copy = List.copyOf(lines);
        return write(() -> logs.computeIfAbsent(jobGuid, g -> new CopyOnWriteArrayList<>()).addAll(copy));
    }

    @Override
    public Optional<Job> job(String guid) {
        return Optional.ofNullable(rows.get(guid));
    }

    @Override
    public List<Job> children(String parentGuid) {
        return rows.values().stream().filter(j -> parentGuid.equals(j.parentGuid())).sorted(Comparator.comparingInt(Job::order)).toList();
    }

    @Override
    public List<Job> jobs(JobQuery q) {
        return rows.values().stream().filter(j -> q.matches(j)).sorted(JobQuery.NEWEST_FIRST)
                .skip(q.offset()).limit(q.limit()).toList();
    }

    @Override
    public List<Job> unfinishedJobs() {
        return rows.values().stream().filter(j -> !j.status().isFinal()).toList();
    }

    @Override
    public List<LogLine> log(String jobGuid, long fromSeq, int limit) {
        return logs.getOrDefault(jobGuid, List.of()).stream().sorted(Comparator.comparingLong(LogLine::seq))
                .filter(l -> l.seq() >= fromSeq).limit(limit).toList();
    }

    @Override
    public long logSize(String jobGuid) {
        return logs.getOrDefault(jobGuid, List.of()).size();
    }
}
