package org.wfe.tasklet.engine.impl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the threads actions run on. Virtual threads while the JVM's virtual-thread scheduler keeps up; but
 * a tasklet that computes without blocking holds its carrier, and the scheduler has only #cores of them.
 * A probe virtual thread started every {@link #PROBE_MILLIS} tells: when one has not run within
 * {@link #STARVED_MILLIS}, the carriers are held, and until a probe runs again new actions, and those
 * started but still waiting for a carrier, also go to a pool of platform threads, which the OS shares
 * fairly with the spinners; whichever thread comes first runs the action. The pool has at most
 * {@link #MAX_PLATFORM} threads (idle ones end after 5 s), so a burst of ordinary work cannot turn into
 * thousands of platform threads; past that many spinners on the pool too, actions wait for a thread.
 * JDK 25 has no public API for a virtual-thread scheduler of our own, and more carriers
 * (jdk.virtualThreadScheduler.parallelism) cost idle throughput (measured: 328k to 43k no-op threads/s with
 * 256) and are still exhausted by that many spinners. A pool thread whose action spins past
 * {@link Spinners#CPU_MILLIS} of CPU gets the lowest OS priority and ends after that action ({@link Spinners}):
 * the spinners then get what the engine and the other actions leave of the cores.
 */
final class ActionThreads implements AutoCloseable {

    static final long PROBE_MILLIS = 50;
    static final long STARVED_MILLIS = 250;
    static final int MAX_PLATFORM = 256;

    // no inherited thread locals: an action started by a Gogo command would otherwise inherit that session's
    // System.out/err (Gogo's ThreadIO keeps them in one) and print there instead of into its job's log
    private final ThreadFactory virtual = Thread.ofVirtual().name("wfe-action-", 0).inheritInheritableThreadLocals(false).factory();
    private final ThreadPoolExecutor platform;
    /** Handed to the pool and not yet finished there: never more than the pool can run at once. */
    private final AtomicInteger onPlatform = new AtomicInteger();
    /** Started, not yet run by either thread. */
    private final Set<Claim> waiting = ConcurrentHashMap.newKeySet();
    /** The probe's start time while one is out, else 0. */
    private volatile long probeSent;
    private volatile boolean starved;
    /** Platform: the watch must run however many carriers tasklets hold; also times runaway checks. */
    final ScheduledThreadPoolExecutor watch = new ScheduledThreadPoolExecutor(1,
            r -> Thread.ofPlatform().name("wfe-action-carrier-watch").daemon().unstarted(r));

    private final Spinners spinners;

    ActionThreads() {
        this(Nice.load(), Spinners.CPU_MILLIS, 5);
    }

    /** With a spinner's CPU budget and the pool's idle time-out of one's own (for tests). */
    ActionThreads(Nice nice, long spinnerCpuMillis, long idleSeconds) {
        spinners = new Spinners(nice, spinnerCpuMillis, watch);
        platform = new ThreadPoolExecutor(MAX_PLATFORM, MAX_PLATFORM, idleSeconds, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                spinners.factory("wfe-action-p"));
        platform.allowCoreThreadTimeOut(true);
        watch.setRemoveOnCancelPolicy(true);
        watch.scheduleWithFixedDelay(this::probe, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        watch.scheduleWithFixedDelay(spinners::check, Spinners.CHECK_MILLIS, Spinners.CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code r} once: on a virtual thread, or while the carriers are held on a platform one. */
    void start(Runnable r) {
        // a lowered thread (a spinner starting a child action) would pass its priority on to threads it starts
        spinners.startClean(() -> startHere(r));
    }

    private void startHere(Runnable r) {
        Claim c = new Claim(r);
        waiting.add(c);
        if (starved) {
            c.toPlatform();
        }
        virtual.newThread(c).start();
    }

    /** True while tasklets hold every carrier (the last probe has waited past {@link #STARVED_MILLIS}). */
    boolean starved() {
        return starved;
    }

    private void probe() {
        long sent = probeSent;
        long now = System.nanoTime();
        if (sent == 0) {
            probeSent = now == 0 ? 1 : now;
            virtual.newThread(() -> {
                probeSent = 0;
                starved = false;
            }).start();
        } else if (now - sent > TimeUnit.MILLISECONDS.toNanos(STARVED_MILLIS)) {
            starved = true;
            // at most what the pool has room for: a burst of short actions (which also delays the probe)
            // must not be copied wholesale into the pool's queue
            for (Claim c : waiting) {
                if (!c.toPlatform()) {
                    break;
                }
            }
        }
    }

    @Override
    public void close() {
        watch.shutdownNow();
        platform.shutdown();
    }

    /** An action two threads may be given (its virtual one and a platform one): the first to claim it runs it. */
    private final class Claim implements Runnable {
        private final Runnable task;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final AtomicBoolean handedOver = new AtomicBoolean();

        Claim(Runnable task) {
            this.task = task;
        }

        /** Hands it to the pool unless run or handed already; false when the pool has no room. */
        boolean toPlatform() {
            if (taken.get() || handedOver.get()) {
                return true;
            }
            if (onPlatform.incrementAndGet() > MAX_PLATFORM) {
                onPlatform.decrementAndGet();
                return false; // it waits for its virtual thread, or the next probe
            }
            if (!handedOver.compareAndSet(false, true)) {
                onPlatform.decrementAndGet();
                return true;
            }
            try {
                platform.execute(() -> {
                    boolean lowered;
                    try {
                        Thread.interrupted(); // pooled: an interrupt left from an earlier action is not this one's
                        spinners.begin(task);
                        try {
                            run();
                        } finally {
                            lowered = spinners.end();
                        }
                    } finally {
                        onPlatform.decrementAndGet();
                    }
                    if (lowered) {
                        throw new Spinners.Retired(); // the pool replaces it by a thread of normal priority
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                onPlatform.decrementAndGet(); // the engine is stopping: the virtual thread still has it
            }
            return true;
        }

        @Override
        public void run() {
            if (taken.compareAndSet(false, true)) {
                waiting.remove(this);
                task.run();
            }
        }
    }
}
