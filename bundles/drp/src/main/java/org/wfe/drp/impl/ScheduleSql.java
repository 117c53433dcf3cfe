package org.wfe.drp.impl;

import static org.wfe.drp.impl.ObjectSql.instant;
import static org.wfe.drp.impl.ObjectSql.odt;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.MisfirePolicy;
import org.wfe.api.schedule.OverlapPolicy;
import org.wfe.api.schedule.Schedule;

/**
 * SQL of schedules and fires (V6). Runs on a read-pool connection in auto-commit, not through the writer: a
 * claim must know at once whether its insert won, and a lost insert (a duplicate key) is an answer, not a
 * failure to retry or bisect.
 */
final class ScheduleSql {

    /** SQL state of a unique-key violation, the same on H2 and PostgreSQL. */
    static final String DUPLICATE_KEY = "23505";

    private static final String SCHEDULE_COLUMNS = "name, target_kind, target, action_name, root_object_guid, params,"
            + " cron, interval_ms, zone, misfire, overlap, paused, created_by, created";
    private static final String FIRE_COLUMNS = "schedule_name, fire_time, fire_trigger, outcome, job_guid, node, detail, claimed";

    private ScheduleSql() {
    }

    /** Runs {@code work} committed statement by statement, whatever mode the pool hands the connection in. */
    static <T> T autoCommit(Connection c, ReadPool.SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        boolean readOnly = c.isReadOnly();
        if (readOnly) {
            c.setReadOnly(false);
        }
        if (!auto) {
            c.setAutoCommit(true);
        }
        try {
            return work.run(c);
        } finally {
            if (!auto) {
                c.setAutoCommit(false);
            }
            if (readOnly) {
                c.setReadOnly(true);
            }
        }
    }

    /** @return false when the name is taken */
    static boolean insert(Connection c, Schedule s, String paramsJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wfe_schedule (" + SCHEDULE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.name());
            ps.setString(2, s.kind());
            ps.setString(3, s.target());
            ps.setString(4, s.action());
            ps.setString(5, s.rootObjectGuid());
            ps.setString(6, paramsJson);
            ps.setString(7, s.cron());
            if (s.interval() == null) {
                ps.setNull(8, Types.BIGINT);
            } else {
                ps.setLong(8, s.interval().toMillis());
            }
            ps.setString(9, s.zone());
            ps.setString(10, s.misfire().label());
            ps.setString(11, s.overlap().label());
            ps.setBoolean(12, s.paused());
            ps.setString(13, s.createdBy());
            ps.setObject(14, odt(s.createdAt()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    static boolean setPaused(Connection c, String name, boolean paused) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wfe_schedule SET paused = ? WHERE name = ?")) {
            ps.setBoolean(1, paused);
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        }
    }

    /** The fires first, then the schedule: a crash between the two leaves a schedule without history, never the reverse. */
    static boolean delete(Connection c, String name) throws SQLException {
        try (PreparedStatement f = c.prepareStatement("DELETE FROM wfe_schedule_fire WHERE schedule_name = ?");
                PreparedStatement s = c.prepareStatement("DELETE FROM wfe_schedule WHERE name = ?")) {
            f.setString(1, name);
            f.executeUpdate();
            s.setString(1, name);
            return s.executeUpdate() == 1;
        }
    }

    static List<Schedule> schedules(Connection c, String name) throws SQLException {
        String sql = "SELECT " + SCHEDULE_COLUMNS + " FROM wfe_schedule" + (name == null ? "" : " WHERE name = ?")
                + " ORDER BY name";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            List<Schedule> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ms = rs.getLong(8);
                    Duration interval = rs.wasNull() ? null : Duration.ofMillis(ms);
                    out.add(new Schedule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Json.decodeMap(rs.getString(6)), rs.getString(7), interval, rs.getString(9),
                            MisfirePolicy.of(rs.getString(10)), OverlapPolicy.of(rs.getString(11)), rs.getBoolean(12),
                            rs.getString(13), instant(rs, 14)));
                }
            }
            return out;
        }
    }

    /** @return false when the fire time is already claimed */
    static boolean claim(Connection c, Fire f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wfe_schedule_fire (" + FIRE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, f.schedule());
            ps.setObject(2, odt(f.fireTime()));
            ps.setString(3, f.trigger());
            ps.setString(4, f.outcome());
            ps.setString(5, f.jobGuid());
            ps.setString(6, f.node());
            ps.setString(7, clip(f.detail()));
            ps.setObject(8, odt(f.claimedAt()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    static void update(Connection c, Fire f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wfe_schedule_fire SET outcome = ?, job_guid = ?,"
                + " detail = ? WHERE schedule_name = ? AND fire_time = ?")) {
            ps.setString(1, f.outcome());
            ps.setString(2, f.jobGuid());
            ps.setString(3, clip(f.detail()));
            ps.setString(4, f.schedule());
            ps.setObject(5, odt(f.fireTime()));
            ps.executeUpdate();
        }
    }

    /** Compare-and-set from queued to started: of several engines only one sees a row updated. */
    static boolean takeQueued(Connection c, Fire f, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wfe_schedule_fire SET outcome = 'started', node = ?"
                + " WHERE schedule_name = ? AND fire_time = ? AND outcome = 'queued'")) {
            ps.setString(1, node);
            ps.setString(2, f.schedule());
            ps.setObject(3, odt(f.fireTime()));
            return ps.executeUpdate() == 1;
        }
    }

    static Optional<Instant> lastScheduledFire(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(fire_time) FROM wfe_schedule_fire"
                + " WHERE schedule_name = ? AND fire_trigger IN ('schedule', 'misfire')")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs, 1)) : Optional.empty();
            }
        }
    }

    static List<Fire> fires(Connection c, String name, int limit) throws SQLException {
        return fireRows(c, "SELECT " + FIRE_COLUMNS + " FROM wfe_schedule_fire WHERE schedule_name = ?"
                + " ORDER BY fire_time DESC LIMIT ?", name, limit);
    }

    static Optional<Fire> lastStarted(Connection c, String name) throws SQLException {
        return fireRows(c, "SELECT " + FIRE_COLUMNS + " FROM wfe_schedule_fire WHERE schedule_name = ? AND outcome = 'started'"
                + " ORDER BY fire_time DESC LIMIT ?", name, 1).stream().findFirst();
    }

    static List<Fire> queued(Connection c) throws SQLException {
        return fireRows(c, "SELECT " + FIRE_COLUMNS + " FROM wfe_schedule_fire WHERE outcome = 'queued'"
                + " ORDER BY fire_time", null, 0);
    }

    private static List<Fire> fireRows(Connection c, String sql, String name, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
                ps.setInt(2, limit);
            }
            List<Fire> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Fire(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), instant(rs, 8)));
                }
            }
            return out;
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
