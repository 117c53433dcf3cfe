package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SQL of kill requests across cluster nodes (V7's {@code kill_requested_by}). Setting the flag is not the
 * owner's write, so it carries no epoch; it only ever lands on an unfinished job, and only the owner acts on it.
 */
final class KillSql {

    private static final String REQUEST = "UPDATE wfe_job SET kill_requested_by = ? WHERE guid = ?"
            + " AND status IN ('WAITING', 'RUNNING')";

    private static final String MINE = "SELECT guid, kill_requested_by FROM wfe_job WHERE kill_requested_by IS NOT NULL"
            + " AND status IN ('WAITING', 'RUNNING') AND owner_node = ? AND owner_incarnation = ?";

    private KillSql() {
    }

    /** True when the job was unfinished and now carries the request. */
    static boolean request(Connection c, String guid, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REQUEST)) {
            ps.setString(1, user == null || user.isBlank() ? "(unknown)" : user);
            ps.setString(2, guid);
            return ps.executeUpdate() == 1;
        }
    }

    /** The unfinished jobs of {@code me} someone asked to kill, with who asked. */
    static Map<String, String> mine(Connection c, Ownership.Self me) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(MINE)) {
            ps.setString(1, me.node());
            ps.setLong(2, me.incarnation());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
