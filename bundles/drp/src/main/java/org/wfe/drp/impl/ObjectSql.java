package org.wfe.drp.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.wfe.api.drp.RootObject;
import org.wfe.api.drp.StaleVersionException;

/**
 * SQL of root objects: the row in {@code wfe_object} and its top-level scalar fields in
 * {@code wfe_object_field}, which find and count search. The same SQL runs on H2 and PostgreSQL.
 */
final class ObjectSql {

    private static final String COLUMNS = "o.obj_type, o.guid, o.version, o.body, o.created, o.modified";

    private ObjectSql() {
    }

    /**
     * Applies a save inside the writer's transaction. A version mismatch is not an SQL error (that would
     * abort a PostgreSQL transaction and with it the whole batch): it is returned as the write's failure.
     *
     * @return the saved object, or a {@link StaleVersionException}
     */
    static Object save(Connection c, Write.SaveObject w, Instant now) throws SQLException {
        RootObject o = w.object();
        long stored = -1;
        Instant created = now;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT version, created FROM wfe_object WHERE obj_type = ? AND guid = ?")) {
            ps.setString(1, o.type());
            ps.setString(2, o.guid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    stored = rs.getLong(1);
                    created = instant(rs, 2);
                }
            }
        }
        if (stored != o.version() && !(stored < 0 && o.version() == 0)) {
            return new StaleVersionException(o.type(), o.guid(), o.version(), Math.max(stored, 0));
        }
        if (stored < 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wfe_object"
                    + " (obj_type, guid, version, body, created, modified) VALUES (?, ?, 1, ?, ?, ?)")) {
                ps.setString(1, o.type());
                ps.setString(2, o.guid());
                ps.setString(3, w.bodyJson());
                ps.setObject(4, odt(now));
                ps.setObject(5, odt(now));
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wfe_object SET version = ?, body = ?, modified = ?"
                    + " WHERE obj_type = ? AND guid = ?")) {
                ps.setLong(1, stored + 1);
                ps.setString(2, w.bodyJson());
                ps.setObject(3, odt(now));
                ps.setString(4, o.type());
                ps.setString(5, o.guid());
                ps.executeUpdate();
            }
            deleteFields(c, o.type(), o.guid());
        }
        if (!w.index().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO wfe_object_field (obj_type, guid, field, field_value) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, String> e : w.index().entrySet()) {
                    ps.setString(1, o.type());
                    ps.setString(2, o.guid());
                    ps.setString(3, e.getKey());
                    ps.setString(4, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return new RootObject(o.type(), o.guid(), Math.max(stored, 0) + 1, Json.decodeMap(w.bodyJson()), created, now);
    }

    static Object delete(Connection c, Write.DeleteObject w) throws SQLException {
        deleteFields(c, w.type(), w.guid());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wfe_object WHERE obj_type = ? AND guid = ?")) {
            ps.setString(1, w.type());
            ps.setString(2, w.guid());
            return ps.executeUpdate() > 0;
        }
    }

    private static void deleteFields(Connection c, String type, String guid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wfe_object_field WHERE obj_type = ? AND guid = ?")) {
            ps.setString(1, type);
            ps.setString(2, guid);
            ps.executeUpdate();
        }
    }

    static Optional<RootObject> get(Connection c, String type, String guid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM wfe_object o WHERE o.obj_type = ? AND o.guid = ?")) {
            ps.setString(1, type);
            ps.setString(2, guid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** @param keys field name to {@link Json#indexKey} of the wanted value */
    static List<RootObject> find(Connection c, String type, Map<String, String> keys, int offset, int limit)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM wfe_object o" + where(keys) + " ORDER BY o.created, o.guid LIMIT ? OFFSET ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, type, keys);
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            List<RootObject> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    static long count(Connection c, String type, Map<String, String> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM wfe_object o" + where(keys))) {
            bind(ps, type, keys);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String where(Map<String, String> keys) {
        StringBuilder sb = new StringBuilder(" WHERE o.obj_type = ?");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(" AND EXISTS (SELECT 1 FROM wfe_object_field f WHERE f.obj_type = o.obj_type")
                    .append(" AND f.guid = o.guid AND f.field = ? AND f.field_value = ?)");
        }
        return sb.toString();
    }

    private static int bind(PreparedStatement ps, String type, Map<String, String> keys) throws SQLException {
        int i = 1;
        ps.setString(i++, type);
        for (Map.Entry<String, String> e : keys.entrySet()) {
            ps.setString(i++, e.getKey());
            ps.setString(i++, e.getValue());
        }
        return i;
    }

    private static RootObject row(ResultSet rs) throws SQLException {
        return new RootObject(rs.getString(1), rs.getString(2), rs.getLong(3), Json.decodeMap(rs.getString(4)),
                instant(rs, 5), instant(rs, 6));
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
