package org.wfe.drp.impl;

import static org.wfe.drp.impl.ObjectSql.instant;
import static org.wfe.drp.impl.ObjectSql.odt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.wfe.api.drp.JobLostException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * SQL of jobs and job logs. Job saves are written as JDBC batches, the same statements on both stores.
 */
final class JobSql {

    static final String COLUMNS = "guid, parent_guid, root_guid, action_name, job_name, description, status,"
            + " create_time, start_time, end_time, max_duration, ord, agent_guid, root_object_type, root_object_guid,"
            + " params, result, user_error, internal_error, started_by, killed_by, attempt";

    private static final String UPDATE = "UPDATE wfe_job SET parent_guid = ?, root_guid = ?, action_name = ?,"
            + " job_name = ?, description = ?, status = ?, create_time = ?, start_time = ?, end_time = ?,"
            + " max_duration = ?, ord = ?, agent_guid = ?, root_object_type = ?, root_object_guid = ?, params = ?,"
            + " result = ?, user_error = ?, internal_error = ?, started_by = ?, killed_by = ?, attempt = ? WHERE guid = ?";

    private static final String INSERT = "INSERT INTO wfe_job (parent_guid, root_guid, action_name, job_name,"
            + " description, status, create_time, start_time, end_time, max_duration, ord, agent_guid,"
            + " root_object_type, root_object_guid, params, result, user_error, internal_error, started_by, killed_by,"
            + " attempt, guid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Cluster mode: the owner's write of a row it holds, at the epoch it holds it (see {@link Ownership}).
     * Its owner, incarnation and epoch are bound after {@link #bind}'s 22 parameters.
     */
    private static final String OWNED_UPDATE = UPDATE + " AND owner_node = ? AND owner_incarnation = ? AND epoch = ?";

    private static final String OWNED_INSERT = INSERT.replace(" guid) VALUES (", " guid, owner_node, owner_incarnation,"
            + " epoch) VALUES (?, ?, ?, ");

    private JobSql() {
    }

    /**
     * Cluster mode: writes every job this node owns, each update conditioned on owner and epoch in the same
     * statement; a new job is inserted owned by this node at epoch 1. Returns the jobs refused because the
     * node does not own them (any more): their rows are untouched, the rest of the batch goes on.
     */
    static Map<String, JobLostException> saveOwned(Connection c, List<Write.SaveJob> jobs, Ownership own) throws SQLException {
        Map<String, JobLostException> lost = new HashMap<>();
        if (jobs.isEmpty()) {
            return lost;
        }
        Ownership.Self me = own.self();
        String fenced = own.fenced();
        if (fenced != null || me == null) {
            for (Write.SaveJob j : jobs) {
                lost.put(j.job().guid(), new JobLostException(j.job().guid(), "job " + j.job().guid()
                        + " not written: this node is fenced (" + fenced + ")"));
            }
            return lost;
        }
        List<Write.SaveJob> updates = new ArrayList<>();
        List<Long> epochs = new ArrayList<>();
        List<Write.SaveJob> unowned = new ArrayList<>();
        for (Write.SaveJob j : jobs) {
            Long e = own.epoch(j.job().guid());
            if (e == null) {
                unowned.add(j);
            } else {
                updates.add(j);
                epochs.add(e);
            }
        }
        Set<String> existing = existing(c, unowned);
        List<Write.SaveJob> inserts = new ArrayList<>();
        for (Write.SaveJob j : unowned) {
            if (existing.contains(j.job().guid())) {
                lost.put(j.job().guid(), lost(j, me, "another node owns it"));
            } else {
                inserts.add(j);
            }
        }
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(OWNED_UPDATE)) {
                for (int i = 0; i < updates.size(); i++) {
                    bind(ps, updates.get(i));
                    ps.setString(23, me.node());
                    ps.setLong(24, me.incarnation());
                    ps.setLong(25, epochs.get(i));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    Write.SaveJob j = updates.get(i);
                    if (counts[i] == 0) {
                        lost.put(j.job().guid(), lost(j, me, "another node took it over (this node held epoch "
                                + epochs.get(i) + ")"));
                        own.stageFinished(j.job().guid()); // not ours any more: forget it
                    } else if (j.job().status().isFinal()) {
                        own.stageFinished(j.job().guid());
                    }
                }
            }
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(OWNED_INSERT)) {
                for (Write.SaveJob j : inserts) {
                    bind(ps, j);
                    ps.setString(23, me.node());
                    ps.setLong(24, me.incarnation());
                    ps.setLong(25, 1);
                    ps.addBatch();
                    if (j.job().status().isFinal()) {
                        own.stageFinished(j.job().guid());
                    } else {
                        own.stageInserted(j.job().guid());
                    }
                }
                ps.executeBatch();
            }
        }
        return lost;
    }

    private static JobLostException lost(Write.SaveJob j, Ownership.Self me, String why) {
        return new JobLostException(j.job().guid(), "job " + j.job().guid() + " not written as " + j.job().status()
                + ": node " + me.node() + " (incarnation " + me.incarnation() + ") does not own it, " + why);
    }

    /**
     * Writes every job (guids are distinct: the writer coalesced them). One query finds which rows exist,
     * then existing rows are updated and the others inserted, each as one JDBC batch: cheaper than an
     * update per new job that finds nothing, and the same SQL on both stores (no dialect upsert).
     */
    static void saveAll(Connection c, List<Write.SaveJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        Set<String> existing = existing(c, jobs);
        List<Write.SaveJob> updates = new ArrayList<>();
        List<Write.SaveJob> inserts = new ArrayList<>();
        for (Write.SaveJob j : jobs) {
            (existing.contains(j.job().guid()) ? updates : inserts).add(j);
        }
        batch(c, UPDATE, updates);
        batch(c, INSERT, inserts);
    }

    private static void batch(Connection c, String sql, List<Write.SaveJob> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Write.SaveJob j : jobs) {
                bind(ps, j);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The guids among {@code jobs} that have a row. One array parameter ({@code = ANY(?)}, indexed on both
     * stores) rather than an IN list: PostgreSQL parses a long IN list anew each time, which cost as much as
     * the inserts themselves.
     */
    private static Set<String> existing(Connection c, List<Write.SaveJob> jobs) throws SQLException {
        Set<String> found = new HashSet<>();
        String[] guids = new String[jobs.size()];
        for (int i = 0; i < guids.length; i++) {
            guids[i] = jobs.get(i).job().guid();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT guid FROM wfe_job WHERE guid = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", guids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private static void bind(PreparedStatement ps, Write.SaveJob w) throws SQLException {
        Job j = w.job();
        ps.setString(1, j.parentGuid());
        ps.setString(2, j.rootGuid());
        ps.setString(3, j.actionName());
        ps.setString(4, j.name());
        ps.setString(5, j.description());
        ps.setString(6, j.status().name());
        ps.setObject(7, odt(j.createTime()));
        ps.setObject(8, odt(j.startTime()));
        ps.setObject(9, odt(j.endTime()));
        ps.setLong(10, j.maxDuration());
        ps.setInt(11, j.order());
        ps.setString(12, j.agentGuid());
        ps.setString(13, j.rootObjectType());
        ps.setString(14, j.rootObjectGuid());
        ps.setString(15, w.paramsJson());
        ps.setString(16, w.resultJson());
        ps.setString(17, j.userErrorMessage());
        ps.setString(18, j.internalErrorMessage());
        ps.setString(19, j.startedBy());
        ps.setString(20, j.killedBy());
        ps.setInt(21, j.attempt());
        ps.setString(22, j.guid());
    }

    static void appendAll(Connection c, List<Write.AppendLog> logs) throws SQLException {
        if (logs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wfe_job_log"
                + " (job_guid, seq, log_time, log_level, source, message) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Write.AppendLog w : logs) {
                for (LogLine l : w.lines()) {
                    ps.setString(1, w.jobGuid());
                    ps.setLong(2, l.seq());
                    ps.setObject(3, odt(l.time()));
                    ps.setString(4, l.level().name());
                    ps.setString(5, l.source());
                    ps.setString(6, l.message());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    static Optional<Job> job(Connection c, String guid) throws SQLException {
        List<Job> l = query(c, "SELECT " + COLUMNS + " FROM wfe_job WHERE guid = ?", guid);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    static List<Job> children(Connection c, String parent) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM wfe_job WHERE parent_guid = ? ORDER BY ord, create_time, guid", parent);
    }

    static List<Job> unfinished(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM wfe_job WHERE status IN ('WAITING', 'RUNNING')"
                + " ORDER BY create_time, guid");
    }

    static List<Job> jobs(Connection c, JobQuery q) throws SQLException {
        JobSearch search = new JobSearch(COLUMNS, q);
        return query(c, search.sql, search.args.toArray());
    }

    static List<LogLine> log(Connection c, String jobGuid, long fromSeq, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, log_time, log_level, source, message"
                + " FROM wfe_job_log WHERE job_guid = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
            ps.setString(1, jobGuid);
            ps.setLong(2, fromSeq);
            ps.setInt(3, limit);
            List<LogLine> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LogLine(rs.getLong(1), instant(rs, 2), LogLevel.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        }
    }

    static long logSize(Connection c, String jobGuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(seq) + 1, 0) FROM wfe_job_log WHERE job_guid = ?")) {
            ps.setString(1, jobGuid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Job> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Job> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    static Job row(ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), JobStatus.valueOf(rs.getString(7)), instant(rs, 8), instant(rs, 9), instant(rs, 10),
                rs.getLong(11), rs.getInt(12), rs.getString(13), rs.getString(14), rs.getString(15),
                Json.decodeMap(rs.getString(16)), Json.decode(rs.getString(17)), rs.getString(18), rs.getString(19),
                rs.getString(20), rs.getString(21), rs.getInt(22));
    }
}
