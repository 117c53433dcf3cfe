package org.wfe.tasklet.engine.impl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads of the platform pool whose action spins: once one action has used {@link #CPU_MILLIS} of CPU on
 * its thread, the thread gets the lowest OS priority ({@link Nice}), so that the cores go first to the
 * engine's own threads (the writer and its acknowledgements, HTTP, SSH, XMPP) and to other actions, and the
 * spinner gets what they leave. A thread that blocks (waits for a script, a lock, the store) uses no CPU and
 * is never lowered, however long its action. As the priority cannot be raised again, the thread ends after
 * that action and the pool starts a fresh one. Virtual threads are not lowered: their carriers are shared by
 * every virtual thread and cannot be retired.
 * <p>
 * On Linux a new thread inherits the priority of the thread that starts it, so a lowered thread starts no
 * thread of the engine's: its replacement and the actions it starts are started from {@link #clean} (the
 * carrier watch) instead. Threads the tasklet starts itself stay low, as it does.
 */
final class Spinners {

    private static final Logger LOG = LoggerFactory.getLogger(Spinners.class);
    /** CPU time of one action after which its pool thread is lowered; blocking does not count. */
    static final long CPU_MILLIS = 1_000;
    static final long CHECK_MILLIS = 250;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final Nice nice;
    private final long cpuNanos;
    private final Executor clean;
    private final Map<PoolThread, Turn> running = new ConcurrentHashMap<>();
    private volatile boolean enabled;

    Spinners(Nice nice, long cpuMillis, Executor clean) {
        this.nice = nice;
        this.cpuNanos = cpuMillis * 1_000_000;
        this.clean = clean;
        String why = nice.available() ? CPU.isThreadCpuTimeSupported() && CPU.isThreadCpuTimeEnabled() ? null
                : "the JVM measures no thread CPU time" : nice.unavailable;
        enabled = why == null;
        if (!enabled) {
            LOG.info("spinning tasklets keep their threads' normal OS priority: {}", why);
        }
    }

    /** The pool's threads, which this class can lower and retire. */
    ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new PoolThread(r, prefix + n.getAndIncrement());
    }

    /** A pool thread starts {@code action}: its CPU time from now on is that action's. */
    void begin(Object action) {
        if (enabled && Thread.currentThread() instanceof PoolThread t) {
            if (t.tid == 0) {
                t.tid = nice.currentTid();
            }
            running.put(t, new Turn(action, CPU.getCurrentThreadCpuTime()));
        }
    }

    /** The pool thread's action returned: true when the thread was lowered and must end now. */
    boolean end() {
        if (!(Thread.currentThread() instanceof PoolThread t)) {
            return false;
        }
        Turn turn = running.remove(t);
        if (turn != null) {
            synchronized (turn) {
                turn.over = true; // a check that comes late must not lower the thread's next action
            }
        }
        return t.lowered;
    }

    /** Run every {@link #CHECK_MILLIS} on the carrier watch: lowers the threads past {@link #CPU_MILLIS}. */
    void check() {
        if (!enabled) {
            return;
        }
        for (Map.Entry<PoolThread, Turn> e : running.entrySet()) {
            PoolThread t = e.getKey();
            Turn turn = e.getValue();
            long used = t.lowered ? 0 : CPU.getThreadCpuTime(t.threadId()) - turn.cpu0;
            if (used < cpuNanos) {
                continue;
            }
            synchronized (turn) {
                if (turn.over) {
                    continue;
                }
                if (!nice.lowest(t.tid)) {
                    enabled = false;
                    LOG.warn("setpriority refused to lower thread {} (tid {}): spinning tasklets keep their threads'"
                            + " normal OS priority from now on", t.getName(), t.tid);
                    return;
                }
                t.lowered = true;
            }
            LOG.warn("thread {} (tid {}) has used {} ms of CPU in {}: lowered to nice {} so that the engine and other"
                    + " actions go first; the thread ends after this action", t.getName(), t.tid, used / 1_000_000,
                    describe(turn.action), Nice.LOWEST);
        }
    }

    /** True on a lowered pool thread: a thread started here would inherit its priority. */
    static boolean onLoweredThread() {
        return Thread.currentThread() instanceof PoolThread t && t.lowered;
    }

    /** Runs {@code start} where the threads it starts get the normal priority. */
    void startClean(Runnable start) {
        if (onLoweredThread()) {
            CompletableFuture.runAsync(start, clean).join();
        } else {
            start.run();
        }
    }

    private static String describe(Object action) {
        return action instanceof Execution e ? "job " + e.guid + " (" + e.actionName + ")" : "an action";
    }

    private static final class Turn {
        final Object action;
        final long cpu0;
        boolean over;

        Turn(Object action, long cpu0) {
            this.action = action;
            this.cpu0 = cpu0;
        }
    }

    /** Thrown out of a lowered thread's last task: how a ThreadPoolExecutor is told to end that thread. */
    static final class Retired extends RuntimeException {
        Retired() {
            super("lowered pool thread retired", null, false, false);
        }
    }

    private final class PoolThread extends Thread {
        volatile int tid;
        volatile boolean lowered;

        PoolThread(Runnable r, String name) {
            // no inherited thread locals: see ActionThreads
            super(null, r, name, 0, false);
            setDaemon(true);
            setUncaughtExceptionHandler((th, ex) -> {
                if (!(ex instanceof Retired)) {
                    th.getThreadGroup().uncaughtException(th, ex);
                }
            });
        }

        @Override
        public void start() {
            // the pool starts a retired thread's replacement from the retiring (lowered) thread
            startClean(super::start);
        }
    }
}
