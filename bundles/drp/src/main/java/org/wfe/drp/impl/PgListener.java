package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one LISTEN connection on PostgreSQL, outside the read pool (a pooled connection would be
 * recycled, and its LISTENs with it). Its platform thread waits for notifications in short slices, between
 * them LISTENs to channels newly subscribed (and UNLISTENs to those left), pings the store once per poll
 * interval (a dead link shows up within one interval even with nothing to receive) and tells every subscriber
 * to recheck at that pace. When the connection drops it reconnects with backoff (at most one poll interval
 * apart); each channel listened to again gets a recheck, for what was signalled meanwhile.
 */
final class PgListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
    private static final int SLICE_MS = 200;

    private final DataSource dataSource;
    private final SignalHub hub;
    private final long pollMillis;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    private volatile int backendPid;

    PgListener(DataSource dataSource, SignalHub hub, Duration poll) {
        this.dataSource = dataSource;
        this.hub = hub;
        this.pollMillis = poll.toMillis();
        this.thread = Thread.ofPlatform().name("wfe-drp-signals-listen").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** The backend of the listen connection, 0 while there is none (for tests that terminate it). */
    int backendPid() {
        return backendPid;
    }

    private void run() {
        long backoff = 50;
        boolean wasDown = false;
        long lastTick = System.nanoTime();
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                connection = c;
                c.setAutoCommit(true);
                backendPid = pid(c);
                if (wasDown) {
                    LOG.info("store signals: listening again");
                    wasDown = false;
                }
                backoff = 50;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                backendPid = 0;
                if (closed) {
                    return;
                }
                if (!wasDown) {
                    LOG.warn("store signals: the listen connection failed, reconnecting (subscribers recheck every {}): {}",
                            Durations.format(Duration.ofMillis(pollMillis)), Stores.describe(e));
                    wasDown = true;
                }
            } finally {
                connection = null;
            }
            // down: the poll fallback is all there is, so keep its pace while waiting to reconnect
            long waited = 0;
            while (!closed && waited < backoff) {
                long step = Math.min(SLICE_MS, backoff - waited);
                if (sleep(step)) {
                    return;
                }
                waited += step;
                if (System.nanoTime() - lastTick >= pollMillis * 1_000_000) {
                    hub.recheckAll();
                    lastTick = System.nanoTime();
                }
            }
            backoff = Math.min(backoff * 2, Math.max(pollMillis, 50));
        }
    }

    /** Receives until the connection fails or the listener closes. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        Set<String> listening = new HashSet<>();
        long lastTick = System.nanoTime();
        while (!closed) {
            Set<String> wanted = hub.channels();
            try (Statement st = c.createStatement()) {
                for (String ch : wanted) {
                    if (listening.add(ch)) {
                        st.execute("LISTEN \"" + ch + "\""); // a checked name: a-z, 0-9, _
                        hub.recheck(ch); // anything signalled before we listened was missed
                    }
                }
                for (var it = listening.iterator(); it.hasNext(); ) {
                    String ch = it.next();
                    if (!wanted.contains(ch)) {
                        st.execute("UNLISTEN \"" + ch + "\"");
                        it.remove();
                    }
                }
            }
            PGNotification[] got = pg.getNotifications(SLICE_MS);
            if (got != null) {
                for (PGNotification n : got) {
                    hub.deliver(n.getName(), n.getParameter());
                }
            }
            if (System.nanoTime() - lastTick >= pollMillis * 1_000_000) {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1"); // a dead link fails here, not only when something is sent
                }
                hub.recheckAll();
                lastTick = System.nanoTime();
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms); // the listen thread waiting to reconnect
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
