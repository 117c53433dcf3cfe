package org.wfe.drp.impl;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces queued signals and hands them over in batches on its own platform thread: while one batch is
 * being sent, new signals pile up and identical ones merge, so a busy engine sends fewer, larger batches
 * (on PostgreSQL each batch is one transaction of NOTIFYs: NOTIFY serialises commits, so it must not follow
 * every job write). A batch that cannot be sent (store down) is dropped with one log line per outage: the
 * receivers are then not listening either, and recheck once they are.
 */
final class SignalSender implements AutoCloseable {

    record Signal(String channel, String payload) {
    }

    @FunctionalInterface
    interface Batch {
        void send(List<Signal> signals) throws SQLException;
    }

    static final int MAX_BATCH = 1_000;
    /** Distinct signals kept while none can be sent; past it new ones are dropped (the receivers' recheck covers them). */
    static final int MAX_PENDING = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(SignalSender.class);

    private final Batch batch;
    private final SequencedSet<Signal> pending = new LinkedHashSet<>();
    private Thread thread;
    private boolean closed;
    private boolean failing;
    private long batches;
    private long dropped;
    private boolean dropping;

    SignalSender(Batch batch) {
        this.batch = batch;
    }

    synchronized void queue(Signal s) {
        if (closed) {
            throw new org.wfe.api.drp.DrpException("the repository is closed: signal not sent");
        }
        if (pending.size() >= MAX_PENDING && !pending.contains(s)) {
            // signal() must never block a job's write path, and memory must stay bounded while the store is away
            dropped++;
            if (!dropping) {
                dropping = true;
                LOG.warn("store signals: {} waiting to be sent, further ones are dropped until they go out"
                        + " (subscribers recheck within their poll interval)", MAX_PENDING);
            }
            return;
        }
        pending.add(s);
        if (thread == null) {
            thread = Thread.ofPlatform().name("wfe-drp-signals-send").daemon().start(this::run);
        }
        notifyAll();
    }

    /** Signals dropped so far because {@link #MAX_PENDING} were waiting, for tests. */
    synchronized long dropped() {
        return dropped;
    }

    /** Batches sent so far, for tests of the coalescing. */
    synchronized long batches() {
        return batches;
    }

    private void run() {
        while (true) {
            List<Signal> next = new ArrayList<>();
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return; // closed and everything sent
                }
                while (!pending.isEmpty() && next.size() < MAX_BATCH) {
                    next.add(pending.removeFirst());
                }
            }
            try {
                batch.send(next);
                synchronized (this) {
                    batches++;
                    if (dropping && pending.isEmpty()) {
                        dropping = false;
                        LOG.info("store signals: the queue is empty again ({} dropped in all)", dropped);
                    }
                }
                if (failing) {
                    failing = false;
                    LOG.info("store signals are sent again");
                }
            } catch (SQLException | RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("store signals not sent ({} dropped; subscribers recheck within their poll interval): {}",
                            next.size(), Stores.describe(e));
                }
            }
        }
    }

    /** Sends what is queued (waiting at most 2 s), then stops. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = thread;
        }
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
