package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import javax.sql.DataSource;

/**
 * A few idle connections kept for reads (a PostgreSQL connect with SCRAM costs milliseconds). Reads do
 * not go through the writer: they see every acknowledged write because acknowledgment follows commit.
 */
final class ReadPool implements AutoCloseable {

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    ReadPool(DataSource dataSource, int maxIdle) {
        this.dataSource = dataSource;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    <T> T with(SqlWork<T> work) throws SQLException {
        Connection c = idle.poll();
        if (c == null) {
            c = dataSource.getConnection();
        }
        boolean ok = false;
        try {
            T t = work.run(c);
            ok = true;
            return t;
        } finally {
            // a connection that failed may be broken: drop it rather than hand it to the next reader
            if (!ok || closed || !idle.offer(c)) {
                closeQuietly(c);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }
}
