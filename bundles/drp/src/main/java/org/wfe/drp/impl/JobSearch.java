package org.wfe.drp.impl;

import static org.wfe.drp.impl.ObjectSql.odt;

import java.util.ArrayList;
import java.util.List;

import org.wfe.api.job.JobQuery;

/**
 * A {@link JobQuery} as one SQL statement, the same on H2 and PostgreSQL. Every equality filter is the
 * leading column of a V3 index ending in (create_time DESC, guid DESC), so the store reads the newest rows
 * of that range in order and stops at the limit; the cursor is a row comparison on the same two columns,
 * a seek rather than an offset that must count the rows it skips. Public (in this private package) for
 * ./wfe bench, which explains the very statements the store runs.
 */
public final class JobSearch {

    public final String sql;
    public final List<Object> args = new ArrayList<>();

    public JobSearch(String columns, JobQuery q) {
        StringBuilder s = new StringBuilder("SELECT " + columns + " FROM wfe_job WHERE 1 = 1");
        eq(s, "root_object_type", q.rootObjectType());
        eq(s, "root_object_guid", q.rootObjectGuid());
        eq(s, "parent_guid", q.parentGuid());
        eq(s, "agent_guid", q.agentGuid());
        eq(s, "started_by", q.startedBy());
        eq(s, "status", q.status() == null ? null : q.status().name());
        if (q.actionName() != null) {
            if (q.actionName().endsWith("*")) {
                s.append(" AND action_name LIKE ? ESCAPE '!'");
                String prefix = q.actionName().substring(0, q.actionName().length() - 1);
                args.add(prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            } else {
                eq(s, "action_name", q.actionName());
            }
        }
        bound(s, "create_time >= ?", q.since());
        bound(s, "create_time < ?", q.until());
        bound(s, "end_time >= ?", q.endedSince());
        bound(s, "end_time < ?", q.endedUntil());
        if (q.rootsOnly()) {
            s.append(" AND parent_guid IS NULL");
        }
        if (q.after() != null) {
            // a row comparison, not "create_time < ? OR (create_time = ? AND guid < ?)": with the OR, H2 no
            // longer reads the index in order and sorted every matching row (4 ms instead of 0.04 ms at 20k
            // jobs); as a row value both stores seek to it and read on in index order
            s.append(" AND (create_time, guid) < (?, ?)");
            args.add(odt(q.after().createTime()));
            args.add(q.after().guid());
        }
        s.append(" ORDER BY ").append(leadingColumns(q)).append("create_time DESC, guid DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        sql = s.toString();
    }

    /**
     * The equality-filtered leading columns of the index meant to serve {@code q}, for the ORDER BY. They
     * change nothing in the order (each is one value here), but H2 reads an index in order only when ORDER
     * BY starts with its leading columns, in their direction (ascending: "status DESC" left it "sorted: 1 of
     * 3 columns"): without them it fetched every match and sorted (200 ms for one user's jobs at 200,000
     * jobs, see docs/benchmarks.md). PostgreSQL drops such constant sort keys.
     */
    private static String leadingColumns(JobQuery q) {
        if (q.rootObjectGuid() != null) {
            return "root_object_type, root_object_guid, ";
        }
        if (q.agentGuid() != null) {
            return "agent_guid, ";
        }
        if (q.startedBy() != null) {
            return "started_by, ";
        }
        if (q.status() != null) {
            return "status, ";
        }
        if (q.actionName() != null && !q.actionName().endsWith("*")) {
            return "action_name, ";
        }
        return "";
    }

    private void eq(StringBuilder s, String column, String value) {
        if (value != null) {
            s.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private void bound(StringBuilder s, String condition, java.time.Instant value) {
        if (value != null) {
            s.append(" AND ").append(condition);
            args.add(odt(value));
        }
    }
}
