package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.DrpException;

/**
 * This node's lease in cluster mode. A renewer thread renews it on the database clock every renew interval
 * on a connection of its own (the writer may be busy with a large batch). A watchdog thread, measuring on
 * this process's monotonic clock since the last renew that succeeded (from when it was sent, so the time
 * the statement spent on the way counts against us), fences the node once {@code fenceAfter} has passed:
 * before the database can see the lease run out ({@code lease} after the renew ran there) and let another
 * node take the jobs. A process frozen by SIGSTOP fences itself the moment it runs again, as the monotonic
 * clock kept counting. A fenced node joins again as a new incarnation once the store answers.
 */
final class NodeLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);

    private final DataSource dataSource;
    private final ClusterSettings settings;
    private final Ownership own;
    private final List<Consumer<String>> fenceListeners = new CopyOnWriteArrayList<>();
    private final Thread renewer;
    private final Thread watchdog;
    private volatile boolean closed;
    private Connection connection; // renewer thread only
    // guarded by this
    private long lastRenewSentNanos;
    private boolean joined;

    NodeLease(DataSource dataSource, ClusterSettings settings, Ownership own) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.own = own;
        this.renewer = Thread.ofPlatform().name("wfe-node-lease").daemon().unstarted(this::renewLoop);
        this.watchdog = Thread.ofPlatform().name("wfe-node-watchdog").daemon().unstarted(this::watch);
    }

    /**
     * Registers the node (at open, so that an engine whose id is held by a live one does not open at all)
     * and starts renewing.
     *
     * @throws DrpException when a live engine holds this node's id (the caller retries)
     */
    void start() {
        try {
            if (!join()) {
                throw new DrpException("node id " + settings.node() + " is held by a live engine at " + holder()
                        + ": waiting for its lease to run out (a node restarted after a crash waits once; two engines"
                        + " with one id never start: give each its own node in org.wfe.drp)");
            }
        } catch (SQLException e) {
            dropConnection();
            throw new DrpException("cannot register node " + settings.node() + ": " + Stores.describe(e), e);
        }
        renewer.start();
        watchdog.start();
    }

    void onFenced(Consumer<String> l) {
        fenceListeners.add(l);
    }

    /** Whether the node holds a lease now (false while fenced and not yet joined again). */
    synchronized boolean joined() {
        return joined;
    }

    private boolean join() throws SQLException {
        long sent = System.nanoTime();
        OptionalLong inc = NodeSql.register(connection(), settings.node(), settings.address(), settings.leaseMillis());
        if (inc.isEmpty()) {
            return false;
        }
        Ownership.Self me = new Ownership.Self(settings.node(), inc.getAsLong());
        synchronized (this) {
            own.joined(me);
            lastRenewSentNanos = sent;
            joined = true;
        }
        LOG.info("cluster node {} joined as incarnation {} at {} (lease {} ms, renewed every {} ms, fences after {} ms"
                + " without a renew)", me.node(), me.incarnation(), settings.address(), settings.leaseMillis(),
                settings.renewMillis(), settings.fenceAfterMillis());
        return true;
    }

    private String holder() {
        try {
            return NodeSql.holder(connection(), settings.node());
        } catch (SQLException e) {
            return "(unknown: " + Stores.describe(e) + ")";
        }
    }

    private void renewLoop() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(settings.renewMillis()));
            if (closed) {
                return;
            }
            try {
                if (!joined()) {
                    if (!join()) {
                        LOG.info("cluster node {} is fenced and cannot join again yet: its id is held by {}",
                                settings.node(), holder());
                    }
                    continue;
                }
                Ownership.Self me = own.self();
                long sent = System.nanoTime();
                if (NodeSql.renew(connection(), me, settings.leaseMillis())) {
                    synchronized (this) {
                        if (joined && me.equals(own.self())) {
                            lastRenewSentNanos = sent;
                        }
                    }
                } else {
                    fence(me, "its lease row is no longer live (another node declared it dead)");
                }
            } catch (SQLException e) {
                dropConnection();
                LOG.warn("cluster node {} could not renew its lease: {}", settings.node(), Stores.describe(e));
            } catch (RuntimeException e) {
                LOG.error("cluster node {}: lease renewal failed", settings.node(), e);
            }
        }
    }

    private void watch() {
        while (!closed) {
            long waitNanos;
            Ownership.Self me;
            synchronized (this) {
                me = own.self();
                long since = System.nanoTime() - lastRenewSentNanos;
                waitNanos = TimeUnit.MILLISECONDS.toNanos(settings.fenceAfterMillis()) - since;
                if (!joined) {
                    waitNanos = TimeUnit.MILLISECONDS.toNanos(settings.renewMillis());
                }
            }
            if (waitNanos <= 0) {
                fence(me, "it could not renew its lease for " + settings.fenceAfterMillis() + " ms");
                continue;
            }
            // at most 100 ms at a time: after a SIGSTOP the check runs within 100 ms of waking
            LockSupport.parkNanos(Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** Stops acting for every job of incarnation {@code me} (once), and says so. */
    private void fence(Ownership.Self me, String why) {
        synchronized (this) {
            if (!joined || !me.equals(own.self())) {
                return;
            }
            joined = false;
            own.fence(why);
        }
        String reason = "cluster node " + me.node() + " (incarnation " + me.incarnation() + ") fenced itself: " + why
                + "; it stops acting for all its jobs and joins again as a new incarnation when the store answers";
        LOG.error(reason);
        for (Consumer<String> l : fenceListeners) {
            try {
                l.accept(reason);
            } catch (RuntimeException e) {
                LOG.warn("a fence listener failed", e);
            }
        }
        // tell the others at once when the store still answers, so they need not wait for the lease
        Thread.ofPlatform().name("wfe-node-fenced").daemon().start(() -> {
            try (Connection c = dataSource.getConnection()) {
                NodeSql.state(c, me, NodeSql.FENCED);
            } catch (SQLException e) {
                LOG.debug("could not mark the node fenced", e);
            }
        });
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(true);
            connection = c;
        }
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken anyway
            }
            connection = null;
        }
    }

    /** Stops renewing and ends the lease at once (the node stopped after its jobs did). */
    @Override
    public void close() {
        closed = true;
        renewer.interrupt();
        watchdog.interrupt();
        try {
            renewer.join(5_000);
            watchdog.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Ownership.Self me = own.self();
        if (me != null && joined()) {
            try {
                NodeSql.state(connection(), me, NodeSql.DEAD);
                LOG.info("cluster node {} (incarnation {}) left the cluster", me.node(), me.incarnation());
            } catch (SQLException e) {
                LOG.warn("cluster node {} could not mark itself gone; its lease runs out by itself: {}", me.node(),
                        Stores.describe(e));
            }
        }
        dropConnection();
    }
}
