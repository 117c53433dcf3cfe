package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.CommitListener;
import org.wfe.api.drp.DrpException;

/**
 * The single writer: one thread owns the write connection. It takes everything queued (up to maxBatch),
 * applies it in one transaction and commits once (group commit), then acknowledges every write of the
 * batch. A batch that fails on bad data is bisected so that only the guilty writes fail; a batch that
 * fails because the store is unreachable is kept and retried with backoff until the store is back.
 */
final class Writer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    private final WriteConnection link;
    private final BlockingQueue<Write> queue;
    private final int maxBatch;
    private final long closeGraceMillis;
    private final String syncSql;
    private final Thread thread;
    private final Ownership ownership;
    // acknowledgments run callers' continuations: never on the writer thread, and a thread per batch at
    // need (reused) so that a continuation that waits for another write cannot hold the others up. Platform
    // threads: tasklets that spin may hold every virtual-thread carrier, and the store must still answer.
    private final ExecutorService acks = Executors.newCachedThreadPool(
            r -> Thread.ofPlatform().name("wfe-drp-ack").daemon().unstarted(r));
    private final Rates rates = new Rates();
    private volatile CommitListener commitListener = (writes, nanos) -> { };
    private volatile boolean closing;
    private final int capacity;
    /** When the writer last finished a batch (or started): a queue that waits long past it is stuck. */
    private volatile long lastProgressNanos = System.nanoTime();

    /**
     * @param syncSql run after each commit to force it to disk, or null when the store's commit already does
     *        (PostgreSQL); H2's commit only writes to the OS, which survives a kill -9 but not a power cut
     */
    Writer(DataSource dataSource, int capacity, int maxBatch, long closeGraceMillis, String syncSql) {
        this(dataSource, capacity, maxBatch, closeGraceMillis, syncSql, null);
    }

    /** @param ownership in cluster mode, what every job write is conditioned on; null for a single engine */
    Writer(DataSource dataSource, int capacity, int maxBatch, long closeGraceMillis, String syncSql, Ownership ownership) {
        this.ownership = ownership;
        this.link = new WriteConnection(dataSource, closeGraceMillis);
        this.syncSql = syncSql;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.closeGraceMillis = closeGraceMillis;
        this.thread = Thread.ofPlatform().name("wfe-drp-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues a write; blocks while the queue is full (backpressure), never drops it. */
    CompletableFuture<Object> submit(Write w) {
        if (closing) {
            w.future().completeExceptionally(new DrpException("the repository is closed: write not stored"));
            return w.future();
        }
        try {
            queue.put(w);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.future().completeExceptionally(new DrpException("interrupted while waiting for room in the write queue"));
            return w.future();
        }
        // closed while we waited: if the writer will not see it any more, fail it here
        if (closing && !thread.isAlive() && queue.remove(w)) {
            w.future().completeExceptionally(new DrpException("the repository is closed: write not stored"));
        }
        return w.future();
    }

    boolean isUp() {
        return link.isUp();
    }

    String lastError() {
        return link.lastError();
    }

    int queueDepth() {
        return queue.size();
    }

    Rates rates() {
        return rates;
    }

    /** Who hears of each commit (on this writer's thread, see {@link CommitListener}). */
    void onCommit(CommitListener l) {
        commitListener = l;
    }

    /** What the writer health check judges: queue depth against capacity, time since the last finished batch. */
    WriterCheck.State state() {
        return new WriterCheck.State(queue.size(), capacity, isUp(),
                java.time.Duration.ofNanos(System.nanoTime() - lastProgressNanos));
    }

    private void run() {
        List<Write> batch = new ArrayList<>(maxBatch);
        while (!closing || !queue.isEmpty()) {
            try {
                Write first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                process(batch);
            } catch (InterruptedException e) {
                if (!closing) {
                    LOG.warn("writer interrupted while open; carrying on");
                }
            } catch (Throwable t) { // the writer never dies: fail this batch, keep serving the others
                LOG.error("unexpected writer failure; failing {} writes", batch.size(), t);
                batch.forEach(w -> fail(w, new DrpException("write failed: " + t, t)));
            } finally {
                batch.clear();
                lastProgressNanos = System.nanoTime();
            }
        }
        link.close();
    }

    /** Coalesces job saves of one guid (last wins), then applies the rest. */
    private void process(List<Write> drained) {
        Map<String, Write.SaveJob> lastByGuid = new HashMap<>();
        for (Write w : drained) {
            if (w instanceof Write.SaveJob j) {
                lastByGuid.put(j.job().guid(), j);
            }
        }
        List<Write> work = new ArrayList<>(drained.size());
        Map<Write, List<Write>> followers = new IdentityHashMap<>();
        for (Write w : drained) {
            if (w instanceof Write.SaveJob j && lastByGuid.get(j.job().guid()) != j) {
                followers.computeIfAbsent(lastByGuid.get(j.job().guid()), k -> new ArrayList<>()).add(j);
            } else {
                work.add(w);
            }
        }
        apply(work, followers);
    }

    private void apply(List<Write> ws, Map<Write, List<Write>> followers) {
        while (true) {
            Connection c;
            try {
                c = link.get(() -> closing);
            } catch (DrpException closed) {
                ws.forEach(w -> failWithFollowers(w, followers, closed));
                return;
            }
            try {
                long began = System.nanoTime();
                Object[] out = Applier.apply(c, ws, Instant.now().truncatedTo(ChronoUnit.MICROS), ownership);
                c.commit();
                if (ownership != null) {
                    ownership.committed();
                }
                if (sync(c, ws, followers)) {
                    committed(ws, out, followers, System.nanoTime() - began);
                }
                return;
            } catch (SQLException | RuntimeException e) {
                link.rollbackQuietly();
                if (ownership != null) {
                    ownership.rolledBack();
                }
                if (e instanceof SQLException se && Stores.isConnectionFailure(se, c)) {
                    link.lost(se);
                    continue; // same batch again once the store is back: nothing acknowledged is lost
                }
                if (ws.size() == 1) {
                    LOG.debug("write refused by the store", e);
                    failWithFollowers(ws.getFirst(), followers, new DrpException("the store refused the write: "
                            + Stores.describe(e), e));
                    return;
                }
                int mid = ws.size() / 2;
                apply(new ArrayList<>(ws.subList(0, mid)), followers);
                apply(new ArrayList<>(ws.subList(mid, ws.size())), followers);
                return;
            }
        }
    }

    /**
     * Forces the commit to disk (one fsync per batch, shared by all its writes). Should that fail, the batch
     * is committed but maybe not durable: retrying would apply it twice, so its writes fail as "unknown".
     */
    private boolean sync(Connection c, List<Write> ws, Map<Write, List<Write>> followers) {
        if (syncSql == null) {
            return true;
        }
        try (var st = c.createStatement()) {
            st.execute(syncSql);
            return true;
        } catch (SQLException e) {
            LOG.error("committed a batch of {} writes but could not force it to disk", ws.size(), e);
            DrpException unknown = new DrpException("the store committed the write but could not force it to disk ("
                    + Stores.describe(e) + "): it may be lost on a power cut; read it back to know", e);
            ws.forEach(w -> failWithFollowers(w, followers, unknown));
            link.lost(e);
            return false;
        }
    }

    private void committed(List<Write> ws, Object[] out, Map<Write, List<Write>> followers, long nanos) {
        int count = ws.size();
        for (Write w : ws) {
            List<Write> f = followers.get(w);
            count += f == null ? 0 : f.size();
        }
        rates.committed(count, System.currentTimeMillis());
        commitListener.committed(count, nanos);
        link.committed();
        acks.execute(() -> {
            for (int i = 0; i < ws.size(); i++) {
                Write w = ws.get(i);
                Object o = out[i];
                for (Write x : followers.getOrDefault(w, List.of())) {
                    complete(x, o);
                }
                complete(w, o);
            }
        });
    }

    private static void complete(Write w, Object outcome) {
        if (outcome instanceof Throwable t) {
            w.future().completeExceptionally(t);
        } else {
            w.future().complete(outcome);
        }
    }

    private void failWithFollowers(Write w, Map<Write, List<Write>> followers, RuntimeException e) {
        for (Write x : followers.getOrDefault(w, List.of())) {
            fail(x, e);
        }
        fail(w, e);
    }

    private void fail(Write w, Throwable t) {
        acks.execute(() -> w.future().completeExceptionally(t));
    }

    /** Writes what is queued (waiting up to the grace time for a down store), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(closeGraceMillis + 5_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Write> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(w -> fail(w, new DrpException("the repository is closed: write not stored")));
        acks.close();
    }
}
