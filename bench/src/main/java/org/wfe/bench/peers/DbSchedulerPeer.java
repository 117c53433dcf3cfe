package org.wfe.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;

/**
 * db-scheduler with its PostgreSQL table ({@code db-scheduler-postgres.sql} beside this class: the table its
 * README links to, which the jar does not carry) and a HikariCP pool. A unit is one execution of a one-time
 * task; one-time executions are deleted when done, and a dead one (its heartbeat older than heartbeat
 * interval x missed heartbeats limit) is revived to run again at once (the default
 * {@code ReviveDeadExecution}).
 *
 * <p>Settings: the documented defaults (10 threads, polling interval 10 s, the {@code fetch} polling strategy,
 * missed heartbeats limit 6) except the heartbeat interval, 2.5 s instead of 5 min, so that an execution is
 * dead after 15 s: the same as Quartz's default check-in interval and our engine's lease. With the default
 * 5 min it would be 30 min. The {@code db-scheduler-lock-and-fetch} variant polls with
 * {@code pollUsingLockAndFetch(1.0, 4.0)}, what the README advises for high throughput (above 1,000
 * executions/s) on PostgreSQL.
 */
final class DbSchedulerPeer implements Peer {

    static final Duration HEARTBEAT = Duration.ofMillis(2_500);
    static final int MISSED_HEARTBEATS = 6;
    static final Duration POLLING = Duration.ofSeconds(10);
    static final int THREADS = 10;

    /** Where a node reports the units it runs (the task is one constant, shared by client and nodes). */
    static volatile Consumer<String> ran = id -> { };

    static final OneTimeTask<Long> UNIT = Tasks.oneTime("unit", Long.class).execute((instance, ctx) -> {
        ran.accept(instance.getId());
        long sleep = instance.getData() == null ? 0 : instance.getData();
        if (sleep > 0) {
            try {
                Thread.sleep(sleep); // the work a node is killed in the middle of
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    });

    private final boolean lockAndFetch;

    DbSchedulerPeer(boolean lockAndFetch) {
        this.lockAndFetch = lockAndFetch;
    }

    @Override
    public String name() {
        return lockAndFetch ? "db-scheduler-lock-and-fetch" : "db-scheduler";
    }

    @Override
    public boolean throughputOnly() {
        return lockAndFetch;
    }

    @Override
    public String settings() {
        return "heartbeat " + HEARTBEAT.toMillis() / 1000.0 + " s x missed limit " + MISSED_HEARTBEATS + ", polling "
                + POLLING.toSeconds() + " s (" + (lockAndFetch ? "lock-and-fetch 1.0, 4.0" : "fetch") + "), " + THREADS + " threads";
    }

    @Override
    public void createSchema(Connection c) throws SQLException {
        try (InputStream in = DbSchedulerPeer.class.getResourceAsStream("db-scheduler-postgres.sql"); Statement st = c.createStatement()) {
            st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Node node(PeerDatabase.Location db, String instance, Consumer<String> onRun) {
        ran = onRun;
        HikariDataSource pool = db.pool(THREADS + 2);
        SchedulerBuilder b = Scheduler.create(pool, UNIT)
                .schedulerName(new SchedulerName.Fixed(instance))
                .threads(THREADS)
                .pollingInterval(POLLING)
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS);
        Scheduler s = (lockAndFetch ? b.pollUsingLockAndFetch(1.0, 4.0) : b).build();
        return new Node() {
            @Override
            public void start() {
                s.start();
            }

            @Override
            public void close() {
                s.stop();
                pool.close();
            }
        };
    }

    @Override
    public void enqueue(PeerDatabase.Location db, String prefix, int count, long sleepMillis) {
        try (HikariDataSource pool = db.pool(2)) {
            SchedulerClient client = SchedulerClient.Builder.create(pool, UNIT).build();
            Instant now = Instant.now();
            for (int from = 0; from < count; from += 500) {
                List<TaskInstance<?>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + 500); i++) {
                    batch.add(UNIT.instance(prefix + i, sleepMillis));
                }
                client.scheduleBatch(batch, now);
            }
        }
    }

    @Override
    public int unfinished(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
