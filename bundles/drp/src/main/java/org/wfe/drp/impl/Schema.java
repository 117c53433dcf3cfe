package org.wfe.drp.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.DrpException;

/**
 * Versioned migrations: numbered SQL scripts in this package's {@code schema/} folder, applied in order at
 * start and recorded in {@code wfe_schema_version}. A store migrated by newer code is refused, because this
 * code could corrupt what it does not understand.
 */
final class Schema {

    /**
     * The scripts in order, each migrating to the version its name starts with ({@code V4__…} to 4). Append,
     * never edit. Numbers are handed out per change (V3 job search, V4 retention) and may be merged in any
     * order: what counts is that they increase along the list.
     */
    static final List<String> MIGRATIONS = List.of("V1__objects_and_jobs.sql", "V2__job_started_and_killed_by.sql",
            "V3__job_search_indexes.sql", "V4__job_purge_indexes.sql", "V5__cluster_nodes_and_job_owners.sql",
            "V6__schedules.sql", "V7__job_kill_requests.sql", "V8__job_attempt.sql");

    static final int LATEST = version(MIGRATIONS.getLast());

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** The store's schema is newer than this code: starting would risk the data. */
    static final class TooNewException extends DrpException {
        private static final long serialVersionUID = 1L;

        TooNewException(int found, String location) {
            super("the store at " + location + " has schema version " + found + ", newer than the " + LATEST
                    + " this org.wfe.drp bundle knows: refusing to start. Install the newer org.wfe.drp bundle"
                    + " or configure another database.");
        }
    }

    private Schema() {
    }

    /** Migrates the store to {@link #LATEST}; returns the version found before. */
    static int migrate(Connection c, String location) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS wfe_schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, applied TIMESTAMP WITH TIME ZONE NOT NULL)");
        } finally {
            c.setAutoCommit(auto);
        }
        int found = current(c);
        if (found > LATEST) {
            throw new TooNewException(found, location);
        }
        java.util.Set<Integer> applied = applied(c);
        for (String script : MIGRATIONS) {
            int v = version(script);
            if (!applied.contains(v)) { // not "above the highest": a V3 merged after V4 was applied still runs
                apply(c, v, script);
                LOG.info("migrated the store at {} to schema version {} ({})", location, v, script);
            }
        }
        return found;
    }

    private static java.util.Set<Integer> applied(Connection c) throws SQLException {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version FROM wfe_schema_version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /** The version a script migrates to: the number after its V. */
    static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    static int current(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM wfe_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // PostgreSQL runs the script and its record in one transaction; H2 commits each DDL statement, so a
    // crash there can leave a half-applied script (its tables exist, no record): start again then fails
    // with "already exists" rather than guessing.
    private static void apply(Connection c, int version, String script) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : statements(read(script))) {
                st.execute(sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO wfe_schema_version (version, description, applied) VALUES (?, ?, ?)")) {
                ps.setInt(1, version);
                ps.setString(2, script);
                ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String read(String script) {
        try (InputStream in = Schema.class.getResourceAsStream("schema/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script schema/" + script + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + script, e);
        }
    }

    /** Splits a script at semicolons ending a line; {@code --} comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String sql = cur.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
