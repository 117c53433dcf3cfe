package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The connections for reads, bounded: HikariCP over the store's DataSource, at most
 * {@link PoolSettings#maxReads()} open; a reader finding them all busy waits up to
 * {@link PoolSettings#readWait()} and then fails with a clear error instead of opening one more. Hikari drops
 * a connection that broke (store restarted, backend terminated) and opens fresh ones once the store answers
 * again. Reads do not go through the writer: they see every acknowledged write because acknowledgment follows
 * commit. The same pool serves H2, where a connection is an in-process session: one code path for both.
 */
final class ReadPool implements AutoCloseable {

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;

    ReadPool(DataSource dataSource, PoolSettings settings, String name) {
        HikariConfig c = new HikariConfig();
        c.setDataSource(dataSource);
        c.setPoolName(name);
        c.setMaximumPoolSize(settings.maxReads());
        c.setMinimumIdle(settings.minIdleReads());
        c.setConnectionTimeout(settings.readWait().toMillis());
        c.setIdleTimeout(60_000); // back to minIdle a minute after a burst
        c.setAutoCommit(true);
        // the store answered the migration just before: a pool that cannot connect yet is not a reason to
        // refuse the repository (reads fail until it can, like the writer's queue waits)
        c.setInitializationFailTimeout(-1);
        c.setRegisterMbeans(false);
        this.pool = new HikariDataSource(c);
    }

    <T> T with(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    /** Connections open now (busy and idle), for tests and status. */
    int open() {
        var mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getTotalConnections();
    }

    @Override
    public void close() {
        pool.close();
    }
}
