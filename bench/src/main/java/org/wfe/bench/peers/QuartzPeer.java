package org.wfe.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz 2.5 with its clustered JDBC JobStore (JobStoreTX, PostgreSQLDelegate, the tables of the
 * {@code tables_postgres.sql} its jar carries) and a HikariCP pool (Quartz's own {@code hikaricp} provider).
 * Every other setting is Quartz's documented default, written out: clusterCheckinInterval 15 s,
 * misfireThreshold 60 s, 10 worker threads. A unit is one trigger of a one-shot job; a sleeping unit is a
 * job of its own that requests recovery, so Quartz re-runs it on another node when its node dies.
 *
 * <p>The batched variant ({@code quartz-batched}) sets the two documented knobs for many short jobs:
 * {@code batchTriggerAcquisitionMaxCount} = the thread count (default 1: one trigger per acquisition) with
 * {@code acquireTriggersWithinLock} = true (which the docs ask for when the batch is larger than 1).
 */
final class QuartzPeer implements Peer {

    static final String GROUP = "bench";
    static final long CHECKIN_MS = 15_000;
    static final long MISFIRE_MS = 60_000;
    static final int THREADS = 10;

    /** Where a node reports the units it runs: one listener per process (Quartz builds jobs by class). */
    static volatile Consumer<String> ran = id -> { };

    /** Triggers acquired at once: 1 (Quartz's default) or {@link #THREADS} (the batched variant). */
    private final int batch;

    QuartzPeer(boolean batched) {
        this.batch = batched ? THREADS : 1;
    }

    @Override
    public String name() {
        return batch == 1 ? "quartz" : "quartz-batched";
    }

    @Override
    public boolean throughputOnly() {
        return batch > 1;
    }

    @Override
    public String settings() {
        return "clustered JobStoreTX, clusterCheckinInterval " + CHECKIN_MS / 1000 + " s, misfireThreshold "
                + MISFIRE_MS / 1000 + " s, " + THREADS + " threads"
                + (batch == 1 ? "" : ", batchTriggerAcquisitionMaxCount " + batch + " within the lock");
    }

    @Override
    public void createSchema(Connection c) throws SQLException {
        try (InputStream in = Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql");
                Statement st = c.createStatement()) {
            if (in == null) {
                throw new IllegalStateException("tables_postgres.sql is missing from the Quartz jar");
            }
            // the script ends with COMMIT (it expects a transaction): run it without that line
            st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("COMMIT;", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Node node(PeerDatabase.Location db, String instance, Consumer<String> onRun) throws Exception {
        ran = onRun;
        Scheduler s = scheduler(db, instance, batch);
        return new Node() {
            @Override
            public void start() throws Exception {
                s.start();
            }

            @Override
            public void close() throws Exception {
                s.shutdown(false);
            }
        };
    }

    @Override
    public void enqueue(PeerDatabase.Location db, String prefix, int count, long sleepMillis) throws Exception {
        // a clustered scheduler that is never started is a client: it stores, it does not fire
        Scheduler client = scheduler(db, "client-" + prefix, batch);
        try {
            JobDetail shared = JobBuilder.newJob(Unit.class).withIdentity(prefix + "noop", GROUP).storeDurably().build();
            for (int from = 0; from < count; from += 500) {
                Map<JobDetail, Set<? extends Trigger>> batch = new HashMap<>();
                Set<Trigger> sharedTriggers = new HashSet<>();
                for (int i = from; i < Math.min(count, from + 500); i++) {
                    String id = prefix + i;
                    if (sleepMillis == 0) {
                        sharedTriggers.add(TriggerBuilder.newTrigger().withIdentity(id, GROUP).forJob(shared)
                                .usingJobData("id", id).usingJobData("sleep", "0").startNow().build());
                    } else {
                        JobDetail own = JobBuilder.newJob(Unit.class).withIdentity(id, GROUP).requestRecovery()
                                .usingJobData("id", id).usingJobData("sleep", Long.toString(sleepMillis)).build();
                        batch.put(own, Set.of(TriggerBuilder.newTrigger().withIdentity(id, GROUP).forJob(own).startNow().build()));
                    }
                }
                if (!sharedTriggers.isEmpty()) {
                    batch.put(shared, sharedTriggers);
                }
                client.scheduleJobs(batch, true); // one transaction per batch
            }
        } finally {
            client.shutdown(false);
        }
    }

    @Override
    public int unfinished(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT (SELECT count(*) FROM qrtz_triggers WHERE trigger_group = '" + GROUP + "')"
                        + " + (SELECT count(*) FROM qrtz_fired_triggers)")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Scheduler scheduler(PeerDatabase.Location at, String instance, int batch) throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "wfe-bench-peers");
        p.setProperty("org.quartz.scheduler.instanceId", instance);
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CHECKIN_MS));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_MS));
        if (batch > 1) {
            p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(batch));
            p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        }
        p.setProperty("org.quartz.jobStore.dataSource", "ds");
        p.setProperty("org.quartz.dataSource.ds.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.ds.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.ds.URL", at.url());
        p.setProperty("org.quartz.dataSource.ds.user", at.user());
        p.setProperty("org.quartz.dataSource.ds.password", at.password());
        // Quartz's advice: at least as many connections as worker threads, plus a few for the scheduler itself
        p.setProperty("org.quartz.dataSource.ds.maxConnections", Integer.toString(THREADS + 3));
        return new StdSchedulerFactory(p).getScheduler();
    }

    /** The unit's body: report, then sleep as long as its data says (0 for the no-op work). */
    public static final class Unit implements Job {
        @Override
        public void execute(JobExecutionContext ctx) {
            ran.accept(ctx.getMergedJobDataMap().getString("id"));
            long sleep = Long.parseLong(ctx.getMergedJobDataMap().getString("sleep"));
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep); // the work a node is killed in the middle of
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
