package org.wfe.bench.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Fills a store (schema already migrated) with finished jobs the way an engine leaves them: spread over
 * {@link #objects} machines, a few actions, mostly DONE with some ERROR/KILLED/TIMED_OUT, twenty users, create
 * times over the 30 days before {@code end}, in the order they would have been written. Plain batched JDBC, 5,000 rows per commit; it stops at the row count or the time box,
 * whichever comes first, and says how far it got.
 */
final class JobFill {

    static final List<String> ACTIONS = List.of("machine.start", "machine.stop", "machine.restart", "machine.backup",
            "machine.patch", "machine.resize", "machine.snapshot", "machine.migrate");
    static final String[] STATUS = {"DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "DONE",
            "DONE", "DONE", "DONE", "DONE", "DONE", "DONE", "ERROR", "ERROR", "KILLED", "TIMED_OUT"};
    static final Duration SPAN = Duration.ofDays(30);
    private static final int BATCH = 5_000;

    private static final String INSERT = "INSERT INTO wfe_job (guid, parent_guid, root_guid, action_name, job_name,"
            + " description, status, create_time, start_time, end_time, max_duration, ord, agent_guid,"
            + " root_object_type, root_object_guid, params, result, user_error, internal_error, started_by, killed_by)"
            + " VALUES (?, NULL, ?, ?, NULL, NULL, ?, ?, ?, ?, 86400, 0, NULL, 'machine', ?, '{}', NULL, NULL, NULL, ?, NULL)";

    final String[] objects;
    final Instant end;
    final Instant start;

    JobFill(int objects, Instant end) {
        this.objects = new String[objects];
        for (int i = 0; i < objects; i++) {
            this.objects[i] = UUID.nameUUIDFromBytes(("machine " + i).getBytes()).toString();
        }
        this.end = end;
        this.start = end.minus(SPAN);
    }

    static String user(int i) {
        return "user" + i;
    }

    /** Writes up to {@code n} jobs within {@code budget}; returns how many it wrote. */
    int fill(DataSource ds, int n, Duration budget, String kind) throws SQLException {
        SplittableRandom rnd = new SplittableRandom(42);
        long deadline = System.nanoTime() + budget.toNanos();
        long spanMicros = SPAN.toNanos() / 1000;
        int written = 0;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            while (written < n && System.nanoTime() < deadline) {
                int batch = Math.min(BATCH, n - written);
                for (int i = 0; i < batch; i++) {
                    String g = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
                    // in time order, as jobs arrive (a few ms of jitter): every (…, create_time) index grows at its end
                    long at = (long) ((written + i) * (double) spanMicros / n) + rnd.nextLong(5_000);
                    Instant created = start.plusNanos(Math.min(at, spanMicros - 1) * 1000);
                    Instant ended = created.plusMillis(200 + rnd.nextInt(60_000));
                    ps.setString(1, g);
                    ps.setString(2, g);
                    ps.setString(3, ACTIONS.get(rnd.nextInt(ACTIONS.size())));
                    ps.setString(4, STATUS[rnd.nextInt(STATUS.length)]);
                    ps.setObject(5, OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
                    ps.setObject(6, OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
                    ps.setObject(7, OffsetDateTime.ofInstant(ended, ZoneOffset.UTC));
                    ps.setString(8, objects[rnd.nextInt(objects.length)]);
                    ps.setString(9, user(rnd.nextInt(20)));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                written += batch;
                if (written % 100_000 == 0) {
                    System.err.println("  " + kind + ": " + written + " jobs written");
                }
            }
            try (Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                // fresh statistics, as autovacuum / H2's own analysis would have them on a store that grew slowly
                st.execute(kind.equals("h2") ? "ANALYZE" : "VACUUM ANALYZE wfe_job");
            }
        }
        return written;
    }
}
