package org.wfe.job.controller.impl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.InvalidObjectException;
import org.wfe.api.drp.JobLostException;
import org.wfe.api.drp.JobStore;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobNotFoundException;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.IllegalJobStateException;

/**
 * The live part of the job tree and its transitions. A final state is announced (waiters, events,
 * leaving memory) only once its row and the job's log lines are durable; creating and starting are
 * written asynchronously, ordered before the final write by the job's {@link RowWriter}.
 */
final class JobTree {

    private static final Logger LOG = LoggerFactory.getLogger(JobTree.class);
    private static final int MAX_INTERNAL_ERROR = 64 * 1024;

    final ConcurrentHashMap<String, LiveJob> live = new ConcurrentHashMap<>();
    private final JobStore store;
    private final LogWriter logs;
    private final EventPoster events;
    private final ScheduledThreadPoolExecutor deadlines;
    private volatile Settings settings;

    JobTree(JobStore store, Settings settings, EventPoster events) {
        this.store = store;
        this.settings = settings;
        this.events = events;
        this.logs = new LogWriter(store, settings.logCapBytes(), settings.logCapLines());
        // one scheduler thread for every job's max duration; cancelled entries leave the queue at once
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().name("wfe-job-deadlines").daemon().unstarted(r));
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    void settings(Settings s) {
        settings = s;
        logs.caps(s.logCapBytes(), s.logCapLines());
    }

    /** A WAITING job, or with {@code running} one already RUNNING (one row write instead of two). */
    Job create(String parentGuid, String actionName, ExecutionParams ep, String agentGuid, Map<String, Object> params,
            boolean running) {
        if (actionName == null || actionName.isBlank()) {
            throw new IllegalArgumentException("a job needs an action name, got " + (actionName == null ? "null" : "'" + actionName + "'"));
        }
        ExecutionParams p = ep == null ? ExecutionParams.defaults() : ep;
        String guid = UUID.randomUUID().toString();
        Instant now = Instant.now();
        LiveJob lj;
        if (parentGuid == null) {
            Job job = started(newJob(guid, null, guid, actionName, p, p.startedBy(), settings.defaultMaxDuration(), 0, agentGuid,
                    params, now), running);
            lj = new LiveJob(job, null, p.waitForResult(), store);
            live.put(guid, lj);
        } else {
            LiveJob parent = require(parentGuid, "create a child job");
            synchronized (parent) {
                Job pj = parent.job();
                if (pj.status().isFinal()) {
                    throw Refusals.of(pj, "create a child job");
                }
                // a child job runs for whoever started its tree, unless its starter says otherwise
                String by = p.startedBy() != null ? p.startedBy() : pj.startedBy();
                Job job = started(newJob(guid, parentGuid, pj.rootGuid(), actionName, p, by, pj.maxDuration(),
                        parent.nextChildOrder(), agentGuid, params, now), running);
                lj = new LiveJob(job, parent, p.waitForResult(), store);
                parent.children.add(lj); // before the parent can end, so a kill of the parent reaches it
                live.put(guid, lj);
            }
        }
        Job job = lj.job();
        if (running) {
            synchronized (lj) {
                lj.deadline(deadlines.schedule(() -> timeout(lj), job.maxDuration(), TimeUnit.SECONDS));
            }
        }
        AtomicReference<Throwable> refused = new AtomicReference<>();
        lj.row.write(job, lj.version(), e -> {
            refused.set(e);
            settledEvent(lj, job, e);
        });
        // the store refuses bad input (params that are not JSON, an overlong name) at once: tell the caller
        if (refused.get() instanceof InvalidObjectException bad) {
            cancelDeadline(lj);
            live.remove(guid, lj);
            if (lj.parent != null) {
                lj.parent.children.remove(lj);
            }
            throw bad;
        }
        return job;
    }

    /**
     * Holds a stored RUNNING job live again (its runner is gone and a {@link org.wfe.api.job.JobRecovery} may
     * take it): its log goes on after the stored lines, its max duration counts from its original start, and
     * it has no live parent (whatever ran the parent died with it).
     */
    LiveJob relive(Job job) {
        LiveJob lj = new LiveJob(job, null, true, store);
        synchronized (lj) {
            lj.log.nextSeq = store.logSize(job.guid());
        }
        if (live.putIfAbsent(job.guid(), lj) != null) {
            throw new IllegalJobStateException(job.guid(), job.status(), "hold it again (it is live already)");
        }
        Instant start = job.startTime() == null ? job.createTime() : job.startTime();
        long left = Math.max(0, start.toEpochMilli() + TimeUnit.SECONDS.toMillis(job.maxDuration()) - System.currentTimeMillis());
        synchronized (lj) {
            lj.deadline(deadlines.schedule(() -> timeout(lj), left, TimeUnit.MILLISECONDS));
        }
        return lj;
    }

    private static Job started(Job waiting, boolean running) {
        return running ? waiting.withStatus(JobStatus.RUNNING, waiting.createTime(), null, null, null, null) : waiting;
    }

    private static Job newJob(String guid, String parent, String root, String action, ExecutionParams p, String startedBy,
            long inherited, int order, String agent, Map<String, Object> params, Instant now) {
        long max = p.maxDuration() == null ? inherited : Math.min(inherited, p.maxDuration());
        return new Job(guid, parent, root, action, p.name(), p.description(), JobStatus.WAITING, now, null, null, max, order,
                agent, p.rootObjectType(), p.rootObjectGuid(), params, null, null, null, startedBy, null);
    }

    Job start(String guid) {
        LiveJob lj = require(guid, "start");
        Job job;
        long v;
        synchronized (lj) {
            Job cur = lj.job();
            if (cur.status() != JobStatus.WAITING) {
                throw Refusals.of(cur, "start (only a WAITING job can start)");
            }
            job = cur.withStatus(JobStatus.RUNNING, Instant.now(), null, null, null, null);
            v = lj.set(job);
            lj.deadline(deadlines.schedule(() -> timeout(lj), job.maxDuration(), TimeUnit.SECONDS));
        }
        lj.row.write(job, v, e -> settledEvent(lj, job, e));
        return job;
    }

    /** A RUNNING job's action begins its attempt {@code n} (retries): written like a start. */
    Job attempt(String guid, int n) {
        LiveJob lj = require(guid, "start attempt " + n);
        Job job;
        long v;
        synchronized (lj) {
            Job cur = lj.job();
            if (cur.status() != JobStatus.RUNNING) {
                throw Refusals.of(cur, "start attempt " + n + " (only a RUNNING job is re-run)");
            }
            job = cur.withAttempt(n);
            v = lj.set(job);
        }
        lj.row.write(job, v, e -> settledEvent(lj, job, e));
        return job;
    }

    /** DONE (from RUNNING) or ERROR (from WAITING or RUNNING); returns once the final state is durable. */
    Job finish(String guid, JobStatus status, Object result, String userError, Throwable cause) {
        return await(end(guid, status, result, userError, cause).lj.finished);
    }

    /**
     * DONE (from RUNNING) without waiting for the store: returns once the row is handed to the store's
     * writer, which then stores it before any later write. Waiters still hear of it only once durable.
     */
    CompletableFuture<Job> finishHandedOver(String guid, Object result) {
        Ended e = end(guid, JobStatus.DONE, result, null, null);
        try {
            // at once, unless the job's previous row (e.g. RUNNING) is still being written: then until that settles
            e.lj.row.handedOver(e.version).get();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new DrpException("interrupted while handing the final state of job " + guid + " to the store", x);
        } catch (ExecutionException x) {
            throw new IllegalStateException(x); // never completed exceptionally
        }
        return e.lj.finished;
    }

    private record Ended(LiveJob lj, long version) {
    }

    private Ended end(String guid, JobStatus status, Object result, String userError, Throwable cause) {
        String what = status == JobStatus.DONE ? "finish it as DONE" : "fail it";
        LiveJob lj = require(guid, what);
        Job job;
        long v;
        synchronized (lj) {
            Job cur = lj.job();
            if (cur.status().isFinal() || (status == JobStatus.DONE && cur.status() != JobStatus.RUNNING)) {
                throw Refusals.of(cur, what);
            }
            String user = status == JobStatus.ERROR && userError == null
                    ? (cause != null && cause.getMessage() != null ? cause.getMessage() : "the job failed") : userError;
            job = cur.withStatus(status, cur.startTime(), Instant.now(), result, user, status == JobStatus.ERROR ? detail(cause) : null);
            v = lj.set(job);
        }
        cancelDeadline(lj);
        lj.takeKillHooks(); // a job that ended by itself is not killed
        announceFinal(lj, job, v);
        return new Ended(lj, v);
    }

    /**
     * Ends the job (when unfinished) and every unfinished descendant as KILLED or TIMED_OUT, running
     * their kill hooks on this thread. Returns the jobs it ended.
     */
    List<LiveJob> terminate(LiveJob target, JobStatus status, String reason) {
        return terminate(target, status, reason, null);
    }

    /** {@link #terminate(LiveJob, JobStatus, String)}, recording {@code by} as killedBy on each ended job. */
    List<LiveJob> terminate(LiveJob target, JobStatus status, String reason, String by) {
        List<LiveJob> ended = new ArrayList<>();
        Deque<LiveJob> todo = new ArrayDeque<>();
        todo.push(target);
        while (!todo.isEmpty()) {
            LiveJob x = todo.pop();
            Job job = null;
            long v = 0;
            synchronized (x) {
                Job cur = x.job();
                if (!cur.status().isFinal()) {
                    String msg = (x == target ? reason : reason + " (with its ancestor " + target.guid + ")")
                            + (by == null ? "" : " by " + by);
                    logs.append(x, LogLevel.WARN, "engine", msg);
                    job = cur.withStatus(status, cur.startTime(), Instant.now(), null, msg, null).withKilledBy(by);
                    v = x.set(job);
                }
                todo.addAll(x.children); // the tree is walked under each node's lock: no child escapes
            }
            if (job != null) {
                cancelDeadline(x);
                runKillHooks(x);
                announceFinal(x, job, v);
                ended.add(x);
            }
        }
        return ended;
    }

    private static void runKillHooks(LiveJob lj) {
        for (Runnable hook : lj.takeKillHooks()) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("kill hook of job {} failed", lj.guid, e);
            }
        }
    }

    private void timeout(LiveJob lj) {
        // the hooks may block (an agent kill waits for the agent): keep the scheduler thread free. A platform
        // thread: the timeout must fire while spinning tasklets hold every virtual-thread carrier
        Thread.ofPlatform().name("wfe-job-timeout-" + lj.guid).daemon().start(() -> {
            try {
                terminate(lj, JobStatus.TIMED_OUT, "max duration of " + lj.job().maxDuration() + " s exceeded");
            } catch (RuntimeException e) {
                LOG.error("timing out job {} failed", lj.guid, e);
            }
        });
    }

    private void cancelDeadline(LiveJob lj) {
        Future<?> f = lj.takeDeadline();
        if (f != null) {
            f.cancel(false);
        }
    }

    private void announceFinal(LiveJob lj, Job job, long version) {
        CompletableFuture<Void> logsDurable = logs.flush(lj);
        lj.row.write(job, version, error -> logsDurable.whenComplete((x, y) -> finalSettled(lj, job, error)));
    }

    private void finalSettled(LiveJob lj, Job job, Throwable error) {
        if (error instanceof JobLostException lost) {
            lose(lj, lost.getMessage());
            return;
        }
        if (error instanceof InvalidObjectException bad && job.status() != JobStatus.ERROR) {
            // e.g. a result that is not JSON: end the job as ERROR without it rather than leave it unstored
            Job failed = job.withStatus(JobStatus.ERROR, job.startTime(), job.endTime(), null,
                    "the job's " + job.status() + " state could not be stored: " + bad.getMessage(), detail(bad));
            long v = lj.set(failed);
            lj.row.write(failed, v, e -> finalSettled(lj, failed, e));
            return;
        }
        if (error != null) {
            // kept in memory: the store's view is stale, so ours stays the one readers get
            LOG.error("the final state {} of job {} could not be stored", job.status(), job.guid(), error);
            lj.finished.completeExceptionally(new DrpException("the final state of job " + job.guid() + " could not be stored", error));
            return;
        }
        if (lj.markDurable()) {
            evict(lj);
        }
        events.post(job);
        lj.finished.complete(job);
    }

    private void evict(LiveJob lj) {
        LiveJob c = lj;
        live.remove(c.guid, c);
        LiveJob p = c.parent;
        while (p != null && p.childGone(c)) {
            live.remove(p.guid, p);
            c = p;
            p = c.parent;
        }
    }

    private void settledEvent(LiveJob lj, Job job, Throwable error) {
        if (error instanceof JobLostException lost) {
            lose(lj, lost.getMessage());
        } else if (error != null) {
            LOG.warn("could not store job {} as {}; a later write replaces the row", job.guid(), job.status(), error);
        } else {
            events.post(job);
        }
    }

    /**
     * Cluster mode: this node lost the job (another node took it over with a newer epoch, or this node fenced
     * itself). It stops acting for it and its live descendants at once: they leave memory without another
     * write, their kill hooks run (the tasklet's thread is interrupted, its scripts are killed) and whoever
     * waits here hears {@link JobLostException}. The store keeps what the new owner writes.
     */
    void lose(LiveJob lost, String why) {
        // a takeover moves every job of a node at once: the whole tree this node runs is lost with it, so
        // the ancestors' threads (a tasklet waiting for this child) stop too
        LiveJob target = lost;
        while (target.parent != null && live.get(target.parent.guid) == target.parent) {
            target = target.parent;
        }
        Deque<LiveJob> todo = new ArrayDeque<>();
        todo.push(target);
        while (!todo.isEmpty()) {
            LiveJob x = todo.pop();
            synchronized (x) {
                todo.addAll(x.children);
            }
            if (!live.remove(x.guid, x)) {
                continue; // lost (or left) already
            }
            LOG.warn("job {} ({}): this node stops acting for it: {}", x.guid, x.job().actionName(),
                    x == lost ? why : "job " + lost.guid + " of its tree was lost");
            cancelDeadline(x);
            runKillHooks(x);
            if (x.parent != null) {
                x.parent.children.remove(x);
            }
            x.finished.completeExceptionally(new JobLostException(x.guid, x == lost ? why
                    : "job " + x.guid + " lost with job " + lost.guid + " of its tree: " + why));
        }
    }

    /** Cluster mode, the node fenced itself: it stops acting for every job it holds. */
    int loseAll(String why) {
        List<LiveJob> all = new ArrayList<>(live.values());
        for (LiveJob lj : all) {
            if (lj.parent == null || !live.containsKey(lj.parent.guid)) {
                lose(lj, why);
            }
        }
        for (LiveJob lj : new ArrayList<>(live.values())) { // whatever a race left
            lose(lj, why);
        }
        return all.size();
    }

    void log(String guid, LogLevel level, String source, String message) {
        logs.append(require(guid, "log"), level, source, message);
    }

    /** The live job, or a refusal from the store's view: not found, or final (killed: JobKilledException). */
    LiveJob require(String guid, String what) {
        LiveJob lj = live.get(Refusals.requireGuid(guid));
        if (lj != null) {
            return lj;
        }
        Job stored = store.job(guid).orElseThrow(() -> new JobNotFoundException(guid));
        if (stored.status().isFinal()) {
            throw Refusals.of(stored, what);
        }
        throw new IllegalJobStateException(guid, stored.status(), what + " (this engine does not hold the job)");
    }

    static Job await(CompletableFuture<Job> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static String detail(Throwable cause) {
        if (cause == null) {
            return null;
        }
        StringWriter sw = new StringWriter();
        cause.printStackTrace(new PrintWriter(sw));
        String s = sw.toString();
        return s.length() > MAX_INTERNAL_ERROR ? s.substring(0, MAX_INTERNAL_ERROR) + "\n... (cut)" : s;
    }

    /** Ends every unfinished job as ERROR (the engine stops), waits a little for the writes, stops the threads. */
    void close(String reason) {
        List<CompletableFuture<Job>> pending = new ArrayList<>();
        for (LiveJob lj : live.values()) {
            Job job;
            long v;
            synchronized (lj) {
                Job cur = lj.job();
                if (cur.status().isFinal()) {
                    pending.add(lj.finished);
                    continue;
                }
                job = cur.withStatus(JobStatus.ERROR, cur.startTime(), Instant.now(), null, reason, null);
                v = lj.set(job);
            }
            cancelDeadline(lj);
            runKillHooks(lj);
            announceFinal(lj, job, v);
            pending.add(lj.finished);
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{} jobs were not stored as ended before the controller stopped: {}", pending.size(), e.toString());
        }
        deadlines.shutdownNow();
        logs.close();
    }
}
