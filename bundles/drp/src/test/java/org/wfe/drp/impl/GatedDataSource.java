package org.wfe.drp.impl;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A DataSource around a real one that tests can hold at commit (to pile writes up behind a busy writer) or
 * cut off (to simulate an unreachable store: connecting and committing then fail with SQL state 08xxx).
 */
final class GatedDataSource implements DataSource {

    private final DataSource real;
    volatile CountDownLatch hold;            // when set, commit waits for it
    final java.util.concurrent.Semaphore commitsWaiting = new java.util.concurrent.Semaphore(0);
    volatile boolean down;
    /** With {@link #down}: statements on connections already open fail too (a lease renewer's, say). */
    volatile boolean severed;

    GatedDataSource(DataSource real) {
        this.real = real;
    }

    /** From now on commits wait; give the latch to {@link #release} to let them go. */
    CountDownLatch holdCommits() {
        CountDownLatch l = new CountDownLatch(1);
        hold = l;
        return l;
    }

    void release(CountDownLatch l) {
        hold = null;
        l.countDown();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            throw new SQLTransientConnectionException("simulated outage: connection refused", "08001");
        }
        Connection c = real.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("commit")) {
                        CountDownLatch h = hold;
                        if (h != null) {
                            commitsWaiting.release();
                            h.await();
                        }
                        if (down) {
                            throw new SQLTransientConnectionException("simulated outage: connection lost", "08006");
                        }
                    }
                    if (severed && down && (m.getName().equals("prepareStatement") || m.getName().equals("createStatement"))) {
                        throw new SQLTransientConnectionException("simulated outage: connection lost", "08006");
                    }
                    if (m.getName().equals("isValid") && down) {
                        return false;
                    }
                    try {
                        return m.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
