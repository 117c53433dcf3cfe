package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.wfe.api.drp.NodeInfo;
import org.wfe.api.drp.TakenJob;

/**
 * SQL of cluster nodes (PostgreSQL only). Every lease is computed by the database ({@code now()}), never by
 * a node's clock, so nodes whose clocks disagree still agree on whose lease has run out.
 */
final class NodeSql {

    static final String ACTIVE = "active";
    static final String DRAINING = "draining";
    static final String FENCED = "fenced";
    static final String DEAD = "dead";

    /** A node may (re)join under its id once the former holder's lease ran out or it said it is gone. */
    private static final String REGISTER = "INSERT INTO wfe_node (id, address, start_time, incarnation, lease_expiry,"
            + " renewed, state) VALUES (?, ?, now(), 1, now() + make_interval(secs => ?), now(), 'active')"
            + " ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, start_time = now(),"
            + " incarnation = wfe_node.incarnation + 1, lease_expiry = EXCLUDED.lease_expiry, renewed = now(), state = 'active'"
            + " WHERE wfe_node.lease_expiry <= now() OR wfe_node.state IN ('fenced', 'dead') RETURNING incarnation";

    private static final String LIVE = " lease_expiry > now() AND state IN ('active', 'draining')";

    /**
     * The takeover: jobs whose owner's incarnation holds no live lease (or that no node owns) go to the taker,
     * itself live, with the epoch bumped. The inner select picks candidates with their epoch; the outer update
     * re-checks that epoch on the row it locks, so of two nodes sweeping at once each job goes to exactly one
     * (PostgreSQL re-evaluates the condition on the newest row version after waiting for the other's lock).
     */
    private static final String TAKE_OVER = "UPDATE wfe_job j SET owner_node = ?, owner_incarnation = ?, epoch = j.epoch + 1"
            + " FROM (SELECT o.guid, o.epoch, o.owner_node FROM wfe_job o WHERE o.status IN ('WAITING', 'RUNNING')"
            + " AND NOT EXISTS (SELECT 1 FROM wfe_node n WHERE n.id = o.owner_node AND n.incarnation = o.owner_incarnation"
            + " AND n." + LIVE.strip() + ") ORDER BY o.create_time LIMIT ?) c"
            + " WHERE j.guid = c.guid AND j.epoch = c.epoch AND j.status IN ('WAITING', 'RUNNING')"
            + " AND EXISTS (SELECT 1 FROM wfe_node me WHERE me.id = ? AND me.incarnation = ? AND me." + LIVE.strip() + ")"
            + " RETURNING j." + JobSql.COLUMNS.replace(", ", ", j.") + ", j.epoch, c.owner_node";

    private NodeSql() {
    }

    /** Registers (or re-registers) the node; empty when a live engine holds the id. */
    static OptionalLong register(Connection c, String id, String address, long leaseMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REGISTER)) {
            ps.setString(1, id);
            ps.setString(2, address);
            ps.setDouble(3, leaseMillis / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Who holds the id and for how long still, for the refusal message. */
    static String holder(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT address, state,"
                + " EXTRACT(EPOCH FROM (lease_expiry - now())) FROM wfe_node WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " (" + rs.getString(2) + ", lease for another "
                        + Math.max(0, Math.round(rs.getDouble(3))) + " s)" : "nobody";
            }
        }
    }

    /** Renews the lease; false when the row is no longer this incarnation's live one (declared dead). */
    static boolean renew(Connection c, Ownership.Self me, long leaseMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wfe_node SET lease_expiry = now() + make_interval(secs => ?),"
                + " renewed = now() WHERE id = ? AND incarnation = ? AND" + LIVE)) {
            ps.setDouble(1, leaseMillis / 1000.0);
            ps.setString(2, me.node());
            ps.setLong(3, me.incarnation());
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets this incarnation's state (draining, active, fenced, dead); dead and fenced end the lease now. */
    static boolean state(Connection c, Ownership.Self me, String state) throws SQLException {
        boolean ends = FENCED.equals(state) || DEAD.equals(state);
        try (PreparedStatement ps = c.prepareStatement("UPDATE wfe_node SET state = ?"
                + (ends ? ", lease_expiry = LEAST(lease_expiry, now())" : "") + " WHERE id = ? AND incarnation = ?"
                + (ends ? "" : " AND" + LIVE))) {
            ps.setString(1, state);
            ps.setString(2, me.node());
            ps.setLong(3, me.incarnation());
            return ps.executeUpdate() == 1;
        }
    }

    /** Live nodes other than {@code except}: a single-engine store must not open beside them. */
    static List<String> liveNodes(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, address FROM wfe_node WHERE" + LIVE + " ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + " at " + rs.getString(2));
            }
        }
        return out;
    }

    /** See {@link #TAKE_OVER}; also marks nodes whose lease ran out as dead, so their next renew fails. */
    static List<TakenJob> takeOver(Connection c, Ownership.Self me, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wfe_node SET state = 'dead'"
                + " WHERE lease_expiry <= now() AND state IN ('active', 'draining')")) {
            ps.executeUpdate();
        }
        List<TakenJob> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TAKE_OVER)) {
            ps.setString(1, me.node());
            ps.setLong(2, me.incarnation());
            ps.setInt(3, limit);
            ps.setString(4, me.node());
            ps.setLong(5, me.incarnation());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TakenJob(JobSql.row(rs), rs.getString(24), rs.getLong(23)));
                }
            }
        }
        return out;
    }

    static List<NodeInfo> nodes(Connection c, Ownership.Self me) throws SQLException {
        List<NodeInfo> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.id, n.address, n.start_time, n.incarnation,"
                + " EXTRACT(EPOCH FROM (now() - n.renewed)) * 1000, n.lease_expiry <= now(), n.state,"
                + " (SELECT count(*) FROM wfe_job j WHERE j.status IN ('WAITING', 'RUNNING') AND j.owner_node = n.id"
                + " AND j.owner_incarnation = n.incarnation) FROM wfe_node n ORDER BY n.id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                boolean expired = rs.getBoolean(6);
                String state = rs.getString(7);
                // a row still saying active whose lease ran out is a node that died: say so
                String shown = expired && (ACTIVE.equals(state) || DRAINING.equals(state)) ? DEAD : state;
                boolean self = me != null && me.node().equals(rs.getString(1)) && me.incarnation() == rs.getLong(4);
                out.add(new NodeInfo(rs.getString(1), rs.getString(2), ObjectSql.instant(rs, 3), rs.getLong(4),
                        Math.round(rs.getDouble(5)), expired, shown, rs.getLong(8), self));
            }
        }
        return out;
    }
}
