package org.wfe.bench.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.wfe.api.retention.PurgeReport;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.drp.impl.Repository;
import org.wfe.drp.impl.RetentionPolicy;
import org.wfe.job.controller.impl.JobControllerImpl;
import org.wfe.job.controller.impl.Settings;
import org.wfe.tasklet.engine.impl.ActionEngine;
import org.wfe.api.tasklet.TaskletProperties;

/**
 * Retention outside OSGi, real tasklet engine, job controller and repository: (1) a store filled with
 * {@code wfe.bench.retention.jobs} finished old jobs (one log line each) is purged in batches of 500 while
 * persisted no-op actions run: purge rate, and the action rate during the purge next to the same load
 * without one; (2) a steady paced load ({@code wfe.bench.retention.rate} actions/s with one log line each)
 * for {@code wfe.bench.retention.seconds} with a 30 s retention purged every 5 s: the store's size sampled
 * every 5 s must stay flat. H2 (file size) and PostgreSQL (pg_total_relation_size of the job tables).
 */
public final class RetentionBenchmark implements Benchmark {

    static final int JOBS = Integer.getInteger("wfe.bench.retention.jobs", 1_000_000);
    static final int RATE = Integer.getInteger("wfe.bench.retention.rate", 1_000);
    static final int SECONDS = Integer.getInteger("wfe.bench.retention.seconds", 300);
    static final String STORES = System.getProperty("wfe.bench.retention.stores", "h2,postgresql");
    static final int BASELINE_SECONDS = 20;
    static final int LOAD_THREADS = 64;
    static final Duration RETAIN = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public String description() {
        return "retention: purge of " + JOBS / 1000 + "k old jobs (jobs/s, action rate during it), store size at a steady rate";
    }

    /** A fresh store and how large it is. */
    private interface Store {
        String kind();

        DataSource fresh() throws Exception;

        double sizeMiB() throws Exception;
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        List<Figure> out = new ArrayList<>();
        if (STORES.contains("h2")) {
            measure(new H2(ctx.scratch().resolve("retention")), out);
        }
        String pgUrl = ctx.env().get("WFE_TEST_PG_URL");
        if (!STORES.contains("postgresql")) {
            return out;
        }
        if (pgUrl != null && !pgUrl.isBlank()) {
            Pg pg = new Pg(pgUrl, ctx.env().get("WFE_TEST_PG_USER"), ctx.env().get("WFE_TEST_PG_PASSWORD"));
            try {
                measure(pg, out);
            } finally {
                pg.drop();
            }
        } else {
            out.add(new Figure("postgresql: skipped (no WFE_TEST_PG_URL)", Double.NaN, Double.NaN, "", true,
                    "run cnf/services/services.sh start DIR and export DIR/services.env"));
        }
        return out;
    }

    private static void measure(Store store, List<Figure> out) throws Exception {
        String k = store.kind();
        DataSource ds = store.fresh();
        try (Wired w = new Wired(ds, k)) {
            long t0 = System.nanoTime();
            fill(ds, k, JOBS);
            double fillS = (System.nanoTime() - t0) / 1e9;
            System.err.printf(Locale.ROOT, "%s: filled %d old jobs in %.0f s, %.0f MiB%n", k, JOBS, fillS, store.sizeMiB());
            double idle = w.load(BASELINE_SECONDS, null);
            RetentionPolicy p = new RetentionPolicy(Duration.ofDays(30), 0, 500, Duration.ofMinutes(10));
            PurgeReport[] report = new PurgeReport[1];
            double during = w.load(0, () -> report[0] = w.repo.purge(p, false, "bench"));
            PurgeReport r = report[0];
            double s = (r.finished().toEpochMilli() - r.started().toEpochMilli()) / 1000.0;
            if (r.error() != null || r.jobs() != JOBS) {
                throw new IllegalStateException("purge incomplete: " + r);
            }
            out.add(new Figure(k + ": purge of " + JOBS / 1000 + "k finished jobs (+1 log line each)", r.jobs() / s, Double.NaN,
                    "jobs/s", true, String.format(Locale.ROOT, "%.0f s, %d batches of <= %d jobs, %d log lines; under load",
                            s, r.batches(), r.largestBatch(), r.logLines())));
            out.add(Figure.rate(k + ": no-op actions/s during the purge", during, idle, "actions/s")
                    .withNote(LOAD_THREADS + " callers, persisted; ceiling: same load without a purge, " + BASELINE_SECONDS + " s"));
            // a long run may be cut by a time-out before the table: the figures so far are on stderr
            out.forEach(f -> System.err.println("figure: " + f));
        }
        steady(store, out);
    }

    /** A paced load with a short retention: the store's size every 5 s. */
    private static void steady(Store store, List<Figure> out) throws Exception {
        String k = store.kind();
        DataSource ds = store.fresh();
        List<double[]> samples = new ArrayList<>();
        try (Wired w = new Wired(ds, k)) {
            RetentionPolicy p = new RetentionPolicy(RETAIN, 0, 500, Duration.ofSeconds(5));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong purged = new AtomicLong();
            Thread purger = Thread.ofPlatform().name("bench-purge").start(() -> {
                long next = System.nanoTime();
                while (!stop.get()) {
                    next += 5_000_000_000L;
                    purged.addAndGet(w.repo.purge(p, false, "scheduled").jobs());
                    sleepUntil(next);
                }
            });
            long t0 = System.nanoTime();
            AtomicLong started = new AtomicLong();
            Thread pacer = Thread.ofPlatform().name("bench-pace").start(() -> w.paced(RATE, SECONDS, started));
            for (int i = 0; !pacer.isInterrupted() && pacer.isAlive(); i++) {
                sleepUntil(t0 + (i + 1) * 5_000_000_000L);
                samples.add(new double[] {(System.nanoTime() - t0) / 1e9, store.sizeMiB(), started.get()});
                System.err.printf(Locale.ROOT, "%s steady: %.0f s %.1f MiB %d actions, %d purged%n", k,
                        samples.getLast()[0], samples.getLast()[1], started.get(), purged.get());
            }
            pacer.join();
            stop.set(true);
            purger.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] sizes = samples.stream().mapToDouble(s -> s[1]).toArray();
            double max = 0;
            double afterWarm = Double.NaN;
            for (double[] s : samples) {
                max = Math.max(max, s[1]);
                if (Double.isNaN(afterWarm) && s[0] >= 90) {
                    afterWarm = s[1];
                }
            }
            out.add(new Figure(k + ": store size at 90 s of the steady run", afterWarm, Double.NaN, "MiB", false,
                    String.format(Locale.ROOT, "%.0f actions/s paced (%d in %.0f s), retention %d s, purge every 5 s",
                            started.get() / seconds, started.get(), seconds, RETAIN.toSeconds())));
            out.add(new Figure(k + ": store size at the end of the steady run", sizes[sizes.length - 1], max, "MiB", false,
                    "ceiling column: the largest sample; " + purged.get() + " jobs purged during the run"));
            StringBuilder series = new StringBuilder();
            for (int i = 0; i < samples.size(); i += Math.max(1, samples.size() / 12)) {
                series.append(String.format(Locale.ROOT, "%.0fs=%.0f ", samples.get(i)[0], samples.get(i)[1]));
            }
            System.err.println(k + " size series (MiB): " + series);
            out.add(new Figure(k + ": size series " + series.toString().strip(), Double.NaN, Double.NaN, "MiB", false, ""));
        }
        // H2 compacts its file when the last connection closes (for MAX_COMPACT_TIME, 200 ms by default)
        out.add(new Figure(k + ": store size after the repository closed", store.sizeMiB(), Double.NaN, "MiB", false,
                k.equals("h2") ? "MVStore's compaction on close, default MAX_COMPACT_TIME" : "no compaction: PostgreSQL"));
    }

    static void sleepUntil(long nanoTime) {
        long ms = (nanoTime - System.nanoTime()) / 1_000_000;
        if (ms > 0) {
            try {
                Thread.sleep(ms); // pacing the benchmark's own load
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Old finished top-level jobs, one log line each, with raw batched JDBC (the fill is not measured). */
    static void fill(DataSource ds, String kind, int n) throws SQLException {
        OffsetDateTime old = OffsetDateTime.now(ZoneOffset.UTC).minusDays(60);
        try (Connection c = ds.getConnection();
                PreparedStatement job = c.prepareStatement("INSERT INTO wfe_job (guid, parent_guid, root_guid, action_name,"
                        + " status, create_time, start_time, end_time, max_duration, ord, params) VALUES (?, NULL, ?, 'bench.old',"
                        + " 'DONE', ?, ?, ?, 86400, 0, '{}')");
                PreparedStatement log = c.prepareStatement("INSERT INTO wfe_job_log (job_guid, seq, log_time, log_level,"
                        + " source, message) VALUES (?, 0, ?, 'INFO', 'bench', 'a line of an old job')")) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                String g = UUID.randomUUID().toString();
                OffsetDateTime t = old.plusNanos(i * 1000L);
                job.setString(1, g);
                job.setString(2, g);
                job.setObject(3, t);
                job.setObject(4, t);
                job.setObject(5, t);
                job.addBatch();
                log.setString(1, g);
                log.setObject(2, t);
                log.addBatch();
                if (i % 5_000 == 4_999 || i == n - 1) {
                    job.executeBatch();
                    log.executeBatch();
                    c.commit();
                }
            }
        }
    }

    /** The tasklet engine and job controller on the repository, one no-op tasklet that logs one line. */
    private static final class Wired implements AutoCloseable {
        final Repository repo;
        final JobControllerImpl jobs;
        final ActionEngine engine;

        Wired(DataSource ds, String kind) {
            repo = Repository.open(ds, Repository.Settings.defaults(kind, kind + " bench"), List.of("machine"));
            jobs = new JobControllerImpl(repo, Settings.DEFAULTS);
            engine = ActionEngine.standalone(jobs, () -> repo);
            engine.register(c -> c.log("noop"), Map.of(TaskletProperties.ACTOR, "bench", TaskletProperties.ACTION,
                    new String[] {"noop"}));
        }

        /**
         * Actions/s of {@link #LOAD_THREADS} callers each starting and waiting for no-op actions, for
         * {@code seconds} or, with {@code during}, while it runs.
         */
        double load(int seconds, Runnable during) throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong count = new AtomicLong();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < LOAD_THREADS; i++) {
                callers.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        engine.startActorAction("bench", "noop", Map.of(), null, null);
                        count.incrementAndGet();
                    }
                }));
            }
            long t0 = System.nanoTime();
            if (during != null) {
                during.run();
            } else {
                sleepUntil(t0 + seconds * 1_000_000_000L);
            }
            long n = count.get();
            double s = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Thread t : callers) {
                t.join();
            }
            return n / s;
        }

        /** {@code rate} actions per second for {@code seconds}, started asynchronously on the clock. */
        void paced(int rate, int seconds, AtomicLong started) {
            long t0 = System.nanoTime();
            long total = (long) rate * seconds;
            for (long i = 0; i < total; i++) {
                long due = t0 + i * 1_000_000_000L / rate;
                if (i % Math.max(1, rate / 100) == 0) {
                    sleepUntil(due);
                }
                engine.startActorActionAsync("bench", "noop", Map.of(), null, null);
                started.incrementAndGet();
            }
        }

        @Override
        public void close() {
            engine.close();
            jobs.deactivate();
            repo.close();
        }
    }

    private static final class H2 implements Store {
        private final Path dir;
        private Path file;
        private int count;

        H2(Path dir) {
            this.dir = dir;
        }

        @Override
        public String kind() {
            return "h2";
        }

        @Override
        public DataSource fresh() throws Exception {
            Path d = dir.resolve("db" + count++);
            Files.createDirectories(d);
            file = d.resolve("wfe.mv.db");
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:file:" + d.resolve("wfe") + ";WRITE_DELAY=0");
            ds.setUser("sa");
            return ds;
        }

        @Override
        public double sizeMiB() throws Exception {
            return Files.size(file) / (1024.0 * 1024.0);
        }
    }

    private static final class Pg implements Store {
        private final String url;
        private final String user;
        private final String password;
        private final List<String> made = new ArrayList<>();
        private PGSimpleDataSource current;

        Pg(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public String kind() {
            return "postgresql";
        }

        @Override
        public DataSource fresh() throws SQLException {
            String db = "wfe_bench_ret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + db);
            }
            made.add(db);
            current = new PGSimpleDataSource();
            current.setURL(url.substring(0, url.lastIndexOf('/') + 1) + db);
            current.setUser(user);
            current.setPassword(password);
            current.setReWriteBatchedInserts(true);
            return current;
        }

        @Override
        public double sizeMiB() throws SQLException {
            try (Connection c = current.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_total_relation_size('wfe_job') + pg_total_relation_size('wfe_job_log')")) {
                rs.next();
                return rs.getLong(1) / (1024.0 * 1024.0);
            }
        }

        void drop() throws SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                for (String db : made) {
                    st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
            }
        }
    }
}
