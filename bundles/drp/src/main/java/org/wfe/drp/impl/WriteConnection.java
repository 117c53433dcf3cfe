package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.DrpException;

/**
 * The writer's one connection and whether the store is reachable: reconnects with backoff while it is not
 * (that is what {@code status()} reports as down, with the last error). Used by the writer thread only;
 * {@link #isUp()} and {@link #lastError()} are read by anyone.
 */
final class WriteConnection {

    private static final Logger LOG = LoggerFactory.getLogger(WriteConnection.class);
    private static final long MAX_BACKOFF_MS = 2_000;

    private final DataSource dataSource;
    private final long closeGraceMillis;
    private Connection connection;
    private volatile boolean up = true;
    private volatile String lastError;

    WriteConnection(DataSource dataSource, long closeGraceMillis) {
        this.dataSource = dataSource;
        this.closeGraceMillis = closeGraceMillis;
    }

    boolean isUp() {
        return up;
    }

    String lastError() {
        return lastError;
    }

    /**
     * The connection, waiting (with backoff) while the store cannot be reached.
     *
     * @throws DrpException once {@code closing} has been true for the grace time, or on interrupt
     */
    Connection get(BooleanSupplier closing) {
        long backoff = 50;
        long closingSince = 0;
        while (connection == null) {
            try {
                Connection c = dataSource.getConnection();
                c.setAutoCommit(false);
                connection = c;
            } catch (SQLException e) {
                down(e);
                if (closing.getAsBoolean()) {
                    closingSince = closingSince == 0 ? System.nanoTime() : closingSince;
                    if (System.nanoTime() - closingSince > TimeUnit.MILLISECONDS.toNanos(closeGraceMillis)) {
                        throw new DrpException("the repository closed while the store was down (" + lastError
                                + "): write not stored");
                    }
                }
                try {
                    Thread.sleep(backoff); // the writer thread waiting for the store
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new DrpException("the repository closed while the store was down: write not stored");
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
        return connection;
    }

    /** A batch committed: the store is reachable. */
    void committed() {
        if (!up) {
            up = true;
            LOG.info("store is back; writing what was queued");
        }
    }

    /** The store cannot be reached: drop the connection, the next {@link #get} reconnects. */
    void lost(SQLException e) {
        down(e);
        close();
    }

    private void down(SQLException e) {
        String msg = Stores.describe(e);
        if (up || !msg.equals(lastError)) {
            LOG.warn("store unreachable, writes stay queued and are retried: {}", msg);
        }
        up = false;
        lastError = msg;
    }

    void rollbackQuietly() {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken, or the batch rolls back with it anyway
        }
    }

    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            connection = null;
        }
    }
}
