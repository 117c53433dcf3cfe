package org.wfe.tasklet.engine.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that outlive their job: the job ended (killed, timed out, its bundle gone) and its thread was
 * interrupted, but the tasklet has not returned {@link #GRACE_MILLIS} later (a loop that never blocks nor
 * checks for interrupts). Java cannot stop such a thread; the engine names it in its log, in
 * {@code wfe:status} and the console, and it counts against the action cap until it really returns.
 * Whatever it tries through its context fails: the job is final.
 */
final class Runaways {

    private static final Logger LOG = LoggerFactory.getLogger(Runaways.class);
    static final long GRACE_MILLIS = 1_000;

    private final ScheduledExecutorService timer;
    private final Map<String, Long> since = new ConcurrentHashMap<>();

    Runaways(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** The job of {@code e} just ended from outside: check after the grace whether its thread returned. */
    void ended(Execution e) {
        Thread t = e.thread;
        if (t == null || e.returned) {
            return;
        }
        long interrupted = System.nanoTime();
        try {
            timer.schedule(() -> check(e, t, interrupted), GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the engine is stopping
        }
    }

    private void check(Execution e, Thread t, long interrupted) {
        synchronized (e) {
            if (e.returned) {
                return;
            }
            since.put(e.guid, interrupted);
        }
        String how = e.engine.jobs.get(e.guid).map(j -> j.status().name()).orElse("ended");
        LOG.warn("runaway thread: job {} ({}) was {} but its thread {} has not returned from {} {} ms after being"
                + " interrupted; it counts against maxRunningActions until it does", e.guid, e.actionName, how, t.getName(),
                e.source(), (System.nanoTime() - interrupted) / 1_000_000);
    }

    /** The thread of {@code e} returned (called under {@code e}'s lock, after {@code e.returned} is set). */
    void returned(Execution e) {
        Long t0 = since.remove(e.guid);
        if (t0 != null) {
            LOG.info("runaway thread of job {} ({}) returned {} s after being interrupted", e.guid, e.actionName,
                    (System.nanoTime() - t0) / 1_000_000_000);
        }
    }

    List<String> jobGuids() {
        return List.copyOf(since.keySet());
    }
}
