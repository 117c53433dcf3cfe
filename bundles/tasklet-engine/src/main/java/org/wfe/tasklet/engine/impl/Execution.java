package org.wfe.tasklet.engine.impl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.MDC;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.LogLevel;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletBundleStoppedException;

/**
 * One action run: the chain of candidate tasklets executed in order on the action's own thread.
 * Exactly one party ends the job: this runner (DONE or ERROR), the job controller (KILLED, TIMED_OUT),
 * or the registry abandoning it because its tasklet's bundle stopped; {@link #finished} decides who.
 */
final class Execution implements Runnable {

    static final String SOURCE = "engine";
    /** The MDC key naming the job a thread works for (README "Logs"; org.wfe.logging reads it). */
    static final String JOB_MDC = "wfe.job";

    final ActionEngine engine;
    final String guid;
    final String actionName;
    final Map<String, Object> params;
    private final List<TaskletEntry> chain;
    private final JobController jobs;
    private final AtomicBoolean finished = new AtomicBoolean();
    final TaskletContextImpl context;
    volatile Thread thread;
    /** Set once the thread has left the chain (under this object's lock, for {@link Runaways}). */
    volatile boolean returned;
    volatile boolean killed;
    volatile boolean stopChain;
    /** Set when the bundle of the running tasklet stopped and the grace period passed. */
    volatile TaskletBundleStoppedException gone;
    /** The tasklet now running, for the log's source column. */
    volatile TaskletEntry current;

    /** How the job was started, as the controller created it (maxduration as in force), and its parent. */
    final org.wfe.api.job.ExecutionParams execution;
    final String parentGuid;
    final RetryPolicy retry;
    /** The attempt now running, 1-based (README "Retries"). */
    volatile int attempt = 1;

    Execution(ActionEngine engine, org.wfe.api.job.Job job, boolean waitForResult, Map<String, Object> params,
            List<TaskletEntry> chain, RetryPolicy retry) {
        this(engine, job.guid(), job.actionName(), params, chain, new org.wfe.api.job.ExecutionParams(job.name(),
                job.description(), job.maxDuration(), job.rootObjectType(), job.rootObjectGuid(), waitForResult,
                job.startedBy()), job.parentGuid(), retry);
    }

    private Execution(ActionEngine engine, String guid, String actionName, Map<String, Object> params,
            List<TaskletEntry> chain, org.wfe.api.job.ExecutionParams execution, String parentGuid,
            RetryPolicy retry) {
        this.retry = retry;
        this.execution = execution;
        this.parentGuid = parentGuid;
        this.engine = engine;
        this.jobs = engine.jobs;
        this.guid = guid;
        this.actionName = actionName;
        this.params = params;
        this.chain = chain;
        this.context = new TaskletContextImpl(this);
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        engine.running.add(this);
        try {
            try {
                jobs.start(guid);
            } catch (RuntimeException e) {
                notStarted(e);
                return;
            }
            try (AutoCloseable hook = jobs.onKill(guid, this::onKill)) {
                org.wfe.api.job.CurrentJob.call(guid, () -> {
                    runAttempts(1);
                    return null;
                });
                if (!jobs.isKilled(guid)) {
                    finish(() -> jobs.done(guid, params.get("result")));
                }
            } catch (Throwable t) {
                failed(t);
            }
        } finally {
            synchronized (this) {
                returned = true;
                engine.runaways.returned(this);
            }
            engine.running.remove(this);
            engine.released();
        }
    }

    /** Killed or timed out while WAITING (the controller ended it), or the controller refused: end it. */
    private void notStarted(RuntimeException e) {
        try {
            if (!jobs.isKilled(guid)) {
                finish(() -> jobs.died(guid, "the job could not be started: " + e.getMessage(), e));
            }
        } catch (RuntimeException gone) {
            // the job is gone altogether (the controller shut down): nothing is left to end
        }
        finished.set(true);
    }

    /**
     * Runs the chain as attempt {@code first}, and again while the policy retries its failure. An attempt
     * reuses the job: same guid, same params as the call gave them (what a failed attempt stored in the
     * shared map is dropped), attempt number incremented, one log line per failed attempt. The back-off
     * is a sleep on the action's thread, so a kill (or the time-out) interrupts it and nothing further
     * starts. This is the one way in for a re-run: the cluster's takeover of a recoverable tasklet is
     * meant to call it with the next attempt number.
     */
    void runAttempts(int first) throws Exception {
        Map<String, Object> asCalled = new java.util.HashMap<>(params);
        if (first > 1) {
            jobs.attempt(guid, first);
        }
        for (attempt = first; ; attempt++) {
            try {
                runChain();
                return;
            } catch (Throwable t) {
                if (gone != null || killed || jobs.isKilled(guid) || !retry.retries(t, attempt)) {
                    throw t;
                }
                java.time.Duration wait = retry.backoffAfter(attempt);
                jobs.log(guid, LogLevel.WARN, SOURCE, "attempt " + attempt + " of " + retry.maxAttempts()
                        + " failed: " + t + ", next in " + org.wfe.api.text.Durations.format(wait));
                Thread.sleep(wait); // interrupted by a kill: failed() sees 'killed' and leaves the job KILLED
                context.checkKilled();
                params.clear();
                params.putAll(asCalled);
                current = null;
                stopChain = false;
                jobs.attempt(guid, attempt + 1); // the job's attempt column (V8), shown by wfe:job, API, console
                jobs.log(guid, LogLevel.INFO, SOURCE, "attempt " + (attempt + 1) + " of " + retry.maxAttempts()
                        + " started");
            }
        }
    }

    private void runChain() throws Exception {
        for (TaskletEntry e : chain) {
            if (stopChain) {
                break;
            }
            context.checkKilled();
            Tasklet t = e.removed ? null : e.resolve();
            if (t == null) {
                jobs.log(guid, LogLevel.WARN, SOURCE, "skipped " + e.label() + ": " + (e.removed
                        ? "its bundle stopped before its turn" : e.problem()));
                continue;
            }
            Invocation inv = new Invocation(this);
            e.inside.add(inv);
            try {
                // re-checked after joining 'inside': a removal that started earlier does not wait for us
                if (e.removed) {
                    jobs.log(guid, LogLevel.WARN, SOURCE, "skipped " + e.label() + ": its bundle stopped before its turn");
                    continue;
                }
                current = e;
                // what the tasklet logs (SLF4J, JUL, System.out/err of this thread) also goes to its job's
                // log: org.wfe.logging's appender and stream wrapper read this key
                try (MDC.MDCCloseable job = MDC.putCloseable(JOB_MDC, guid)) {
                    if (t.match(context)) {
                        t.main(context);
                    }
                }
            } finally {
                e.inside.remove(inv);
                inv.returned.complete(null);
            }
            if (gone != null) {
                throw gone;
            }
        }
    }

    private void failed(Throwable t) {
        if (gone != null) {
            return; // abandon() ended the job already
        }
        if (killed || t instanceof JobKilledException || jobs.isKilled(guid)) {
            finished.set(true); // KILLED or TIMED_OUT is the final state, set by the controller
            return;
        }
        TaskletEntry c = current;
        String who = (c == null ? "tasklet engine" : "tasklet " + c.className())
                + (retry.maxAttempts() > 1 ? " (attempt " + attempt + " of " + retry.maxAttempts() + ")" : "");
        finish(() -> {
            jobs.log(guid, LogLevel.ERROR, source(), who + " failed: " + stackTrace(t));
            jobs.died(guid, who + " failed: " + t, t);
        });
    }

    /** Called by the job controller on the killing thread. */
    private void onKill() {
        killed = true;
        finished.set(true);
        interrupt();
        engine.runaways.ended(this);
    }

    /** The tasklet {@code e} outlived its bundle's grace period: end the job ERROR and interrupt. */
    void abandon(TaskletEntry e) {
        gone = new TaskletBundleStoppedException(e.bundle, e.className());
        finish(() -> {
            jobs.log(guid, LogLevel.ERROR, SOURCE, gone.getMessage());
            jobs.died(guid, gone.getMessage(), gone);
        });
        interrupt();
        engine.runaways.ended(this);
    }

    /** The engine stops: same as a stopped bundle, for every action still running. */
    void engineStopped() {
        TaskletEntry c = current;
        gone = new TaskletBundleStoppedException("org.wfe.tasklet.engine (engine stopped)",
                c == null ? "none" : c.className());
        finish(() -> jobs.died(guid, "the tasklet engine stopped while the action was running", gone));
        interrupt();
    }

    /**
     * Interrupts the action's thread unless it already left the chain: a pooled platform thread may by then
     * run another action, which this interrupt is not for.
     */
    private synchronized void interrupt() {
        Thread th = thread;
        if (th != null && !returned) {
            th.interrupt();
        }
    }

    private void finish(Runnable end) {
        if (finished.compareAndSet(false, true)) {
            try {
                end.run();
            } catch (IllegalJobStateException e) {
                // killed in the meantime: the controller's final state stands
            }
        }
    }

    String source() {
        TaskletEntry c = current;
        return c == null ? SOURCE : c.className();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().strip();
    }
}
