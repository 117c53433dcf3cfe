package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.SQLException;

/** What the writer needs to know about store errors, the same for H2 and PostgreSQL. */
final class Stores {

    private Stores() {
    }

    /**
     * True when the error says the store cannot be reached (so the batch must wait and be retried) rather
     * than that the data was refused (so the guilty write must fail). SQL states: 08 connection exception,
     * 57P admin shutdown / cannot connect now, 53 insufficient resources (disk full, too many connections).
     */
    static boolean isConnectionFailure(SQLException e, Connection c) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String st = s.getSQLState();
                if (st.startsWith("08") || st.startsWith("57P") || st.startsWith("53")) {
                    return true;
                }
            }
        }
        try {
            return c == null || c.isClosed() || !c.isValid(2);
        } catch (SQLException ex) {
            return true;
        }
    }

    /**
     * One line for status and logs: the message and SQL state, never credentials. A batch error's own message
     * repeats the statement with its values: the error behind it (getNextException) says what went wrong.
     */
    static String describe(Throwable e) {
        Throwable t = e;
        if (e instanceof java.sql.BatchUpdateException b && b.getNextException() != null) {
            t = b.getNextException();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        int nl = msg.indexOf('\n');
        if (nl > 0) {
            msg = msg.substring(0, nl).strip();
        }
        if (msg.length() > 300) {
            msg = msg.substring(0, 300) + "...";
        }
        return t instanceof SQLException s && s.getSQLState() != null ? msg + " [SQL state " + s.getSQLState() + "]" : msg;
    }

    static final String H2_IN_USE = "the H2 store is in use by another engine (H2 is single-engine: its file is locked"
            + " by the engine that opened it); stop that engine, or run several engines on PostgreSQL with cluster=true";

    /** H2's error 90020 (DATABASE_ALREADY_OPEN): another process holds the file's lock. */
    static boolean inUseByAnotherEngine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    /** A JDBC URL for display: user, password and any other query parameters are dropped. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        int q = url.indexOf('?');
        String base = q >= 0 ? url.substring(0, q) : url;
        int semi = base.indexOf(';'); // H2 settings may carry PASSWORD=...
        return semi >= 0 && base.startsWith("jdbc:h2:") ? base.substring(0, semi) : base;
    }
}
