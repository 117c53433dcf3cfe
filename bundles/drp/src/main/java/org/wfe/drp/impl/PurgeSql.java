package org.wfe.drp.impl;

import static org.wfe.drp.impl.ObjectSql.instant;
import static org.wfe.drp.impl.ObjectSql.odt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL of the purge. The unit is a job tree: a top-level job ({@code parent_guid IS NULL}) with every job
 * below it (same {@code root_guid}), so no job is ever left without its parent. Top-level jobs are found in
 * end-time order through {@code idx_jobs_purge}, their trees through {@code idx_jobs_purge_tree} (V4).
 */
final class PurgeSql {

    /** A top-level job that ended before the cutoff; the key of the keyset scan. */
    record Root(String guid, Instant endTime) {
    }

    /** A tree: how many jobs, how many of them still waiting or running. */
    record Tree(long jobs, long unfinished) {
    }

    private static final String UNFINISHED = "status IN ('WAITING', 'RUNNING')";

    private PurgeSql() {
    }

    /** The end time of the {@code keep}-th newest finished top-level job, or null when there are fewer. */
    static Instant countCutoff(Connection c, long keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT end_time FROM wfe_job WHERE parent_guid IS NULL"
                + " AND end_time IS NOT NULL ORDER BY end_time DESC LIMIT 1 OFFSET ?")) {
            ps.setLong(1, keep - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs, 1) : null;
            }
        }
    }

    /** Up to {@code limit} top-level jobs ended before {@code cutoff}, after {@code after} in (end_time, guid) order. */
    static List<Root> roots(Connection c, Instant cutoff, Root after, int limit) throws SQLException {
        String sql = "SELECT guid, end_time FROM wfe_job WHERE parent_guid IS NULL AND end_time < ?"
                + (after == null ? "" : " AND (end_time > ? OR (end_time = ? AND guid > ?))")
                + " ORDER BY end_time, guid LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, odt(cutoff));
            if (after != null) {
                ps.setObject(i++, odt(after.endTime()));
                ps.setObject(i++, odt(after.endTime()));
                ps.setString(i++, after.guid());
            }
            ps.setInt(i, limit);
            List<Root> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Root(rs.getString(1), instant(rs, 2)));
                }
            }
            return out;
        }
    }

    /** The size of each tree and how many of its jobs are unfinished. */
    static Map<String, Tree> trees(Connection c, List<String> roots) throws SQLException {
        Map<String, Tree> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT root_guid, COUNT(*), SUM(CASE WHEN " + UNFINISHED
                + " THEN 1 ELSE 0 END) FROM wfe_job WHERE root_guid = ANY(?) GROUP BY root_guid")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", roots.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Tree(rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /** Log lines of the jobs of these trees (what a dry run reports). */
    static long logLines(Connection c, List<String> roots) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM wfe_job_log WHERE job_guid IN"
                + " (SELECT guid FROM wfe_job WHERE root_guid = ANY(?))")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", roots.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Deletes these trees with their log lines, inside the writer's transaction. Trees that gained an
     * unfinished job since they were picked are left alone: the writer is the only one writing, so this
     * check and the deletes see the same rows.
     *
     * @return {jobs deleted, log lines deleted}
     */
    static long[] delete(Connection c, List<String> roots) throws SQLException {
        Set<String> busy = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT root_guid FROM wfe_job WHERE root_guid = ANY(?)"
                + " AND " + UNFINISHED)) {
            ps.setArray(1, c.createArrayOf("VARCHAR", roots.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    busy.add(rs.getString(1));
                }
            }
        }
        Object[] gone = roots.stream().filter(r -> !busy.contains(r)).toArray();
        if (gone.length == 0) {
            return new long[] {0, 0};
        }
        long lines;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wfe_job_log WHERE job_guid IN"
                + " (SELECT guid FROM wfe_job WHERE root_guid = ANY(?))")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", gone));
            lines = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wfe_job WHERE root_guid = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", gone));
            return new long[] {ps.executeUpdate(), lines};
        }
    }
}
