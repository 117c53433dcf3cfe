package org.wfe.bench.drp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.drp.impl.Repository;

/**
 * The DRP writer outside OSGi: jobs persisted per second through the single group-committing writer (one
 * create and one update to DONE per job, each acknowledged before the next, from many virtual threads),
 * next to raw batched JDBC writing the same rows into a fresh store of the same kind in the same run; and
 * the latency of one acknowledged write at low load next to one plain insert + commit.
 */
public final class DrpBenchmark implements Benchmark {

    static final int JOBS = Integer.getInteger("wfe.bench.drp.jobs", 200_000);
    static final int WARM_UP = Math.max(1, JOBS / 10);
    static final int CONCURRENCY = 4_000;
    static final int LATENCY_SAMPLES = 2_000;

    private interface Store {
        DataSource fresh() throws SQLException;
    }

    @Override
    public String name() {
        return "drp";
    }

    @Override
    public String description() {
        return "DRP writer: jobs/s (create + DONE) through the writer vs raw batched JDBC; one write's latency";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        List<Figure> out = new ArrayList<>();
        H2 h2 = new H2(ctx.scratch().resolve("drp"));
        try {
            measure("h2", h2, out, "goal >= 10,000/s and >= 0.5x");
            // MVStore appends a chunk per commit and frees old ones after its 45 s retention time
            out.add(new Figure("h2: file after the writer run", h2.sizeMiB(2), h2.sizeMiB(3), "MiB", false,
                    "ceiling: the raw run's file; old chunks are reused after 45 s"));
        } finally {
            h2.deleteAll();
        }
        String pgUrl = ctx.env().get("WFE_TEST_PG_URL");
        if (pgUrl != null && !pgUrl.isBlank()) {
            Pg pg = new Pg(pgUrl, ctx.env().get("WFE_TEST_PG_USER"), ctx.env().get("WFE_TEST_PG_PASSWORD"));
            try {
                measure("postgresql", pg, out, "goal >= 3,000/s");
            } finally {
                pg.dropAll();
            }
        } else {
            out.add(new Figure("postgresql: skipped (no WFE_TEST_PG_URL)", Double.NaN, Double.NaN, "", true,
                    "run cnf/services/services.sh start DIR and export DIR/services.env"));
        }
        return out;
    }

    private static void measure(String kind, Store store, List<Figure> out, String goal) throws Exception {
        // warm both paths up (JIT, driver, store) so that neither pays it inside the measurement
        throughTheWriter(kind, store.fresh(), WARM_UP);
        rawBatched(kind, store.fresh(), WARM_UP);
        double writer = throughTheWriter(kind, store.fresh(), JOBS);
        double raw = rawBatched(kind, store.fresh(), JOBS);
        out.add(Figure.rate(kind + ": jobs/s via writer, " + JOBS / 1000 + "k create+DONE", writer, raw, "jobs/s")
                .withNote(goal + "; ceiling: raw JDBC, 1,000 rows per durable commit"));
        double[] w = writerLatencies(kind, store.fresh());
        double[] r = rawLatencies(kind, store.fresh());
        out.add(Figure.time(kind + ": one acknowledged write, median", pct(w, 50), pct(r, 50), "ms")
                .withNote("ceiling: one insert + durable commit"));
        out.add(Figure.time(kind + ": one acknowledged write, p99", pct(w, 99), pct(r, 99), "ms"));
    }

    private static Repository open(String kind, DataSource ds) {
        return Repository.open(ds, Repository.Settings.defaults(kind, kind + " bench"), List.of("machine"));
    }

    private static Job job(String action) {
        String g = UUID.randomUUID().toString();
        return new Job(g, null, g, action, null, null, JobStatus.WAITING, now(), null, null, 86_400, 0, null, null, null,
                Map.of("n", 1), null, null, null);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Jobs per second: each job is created, acknowledged, then saved DONE and acknowledged. */
    private static double throughTheWriter(String kind, DataSource ds, int n) throws InterruptedException {
        try (Repository repo = open(kind, ds); ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(CONCURRENCY);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                slots.acquire();
                ex.execute(() -> {
                    try {
                        Job j = job("bench.drp");
                        repo.saveJob(j).toCompletableFuture().join();
                        Instant t = now();
                        repo.saveJob(j.withStatus(JobStatus.DONE, t, t, "ok", null, null)).toCompletableFuture().join();
                    } finally {
                        slots.release();
                    }
                });
            }
            slots.acquire(CONCURRENCY);
            double s = (System.nanoTime() - t0) / 1e9;
            if (repo.status().committedWrites() < 2L * n) {
                throw new IllegalStateException("writes lost: " + repo.status().committedWrites() + " of " + 2L * n);
            }
            return n / s;
        }
    }

    /** The same rows with plain JDBC: insert all in batches of 1,000 per commit, then update all to DONE. */
    private static double rawBatched(String kind, DataSource ds, int n) throws SQLException {
        open(kind, ds).close(); // the schema
        List<Job> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            jobs.add(job("bench.raw"));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ins = c.prepareStatement(RawSql.INSERT)) {
                for (int i = 0; i < n; i++) {
                    RawSql.bindInsert(ins, jobs.get(i));
                    ins.addBatch();
                    if (i % 1000 == 999 || i == n - 1) {
                        ins.executeBatch();
                        commit(kind, c);
                    }
                }
            }
            try (PreparedStatement upd = c.prepareStatement(RawSql.DONE)) {
                for (int i = 0; i < n; i++) {
                    RawSql.bindDone(upd, jobs.get(i), now());
                    upd.addBatch();
                    if (i % 1000 == 999 || i == n - 1) {
                        upd.executeBatch();
                        commit(kind, c);
                    }
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** A durable commit, as the writer does it: H2 commits to the OS, CHECKPOINT SYNC then forces the disk. */
    private static void commit(String kind, Connection c) throws SQLException {
        c.commit();
        if (kind.equals("h2")) {
            try (Statement st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        }
    }

    private static double[] writerLatencies(String kind, DataSource ds) {
        try (Repository repo = open(kind, ds)) {
            double[] ms = new double[LATENCY_SAMPLES];
            for (int i = 0; i < ms.length; i++) {
                Job j = job("bench.latency");
                long t0 = System.nanoTime();
                repo.saveJob(j).toCompletableFuture().join();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        }
    }

    private static double[] rawLatencies(String kind, DataSource ds) throws SQLException {
        open(kind, ds).close();
        try (Connection c = ds.getConnection(); PreparedStatement ins = c.prepareStatement(RawSql.INSERT)) {
            c.setAutoCommit(false);
            double[] ms = new double[LATENCY_SAMPLES];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                RawSql.bindInsert(ins, job("bench.latency"));
                ins.executeUpdate();
                commit(kind, c);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return ms;
        }
    }

    private static double pct(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    /** A fresh H2 file per measurement (the writer's durable URL) under the scratch folder, deleted at the end. */
    private static final class H2 implements Store {
        private final Path dir;
        private int count;

        H2(Path dir) {
            this.dir = dir;
        }

        @Override
        public DataSource fresh() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:file:" + dir.resolve("db" + count++ + "/wfe") + ";WRITE_DELAY=0");
            ds.setUser("sa");
            return ds;
        }

        /** Size of the i-th store (0 and 1 are the warm-up runs). */
        double sizeMiB(int i) throws IOException {
            try (Stream<Path> files = Files.walk(dir.resolve("db" + i))) {
                return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() / (1024.0 * 1024.0);
            }
        }

        void deleteAll() throws IOException {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    /** A fresh database per measurement on the test cluster, dropped at the end. */
    private static final class Pg implements Store {
        private final String url;
        private final String user;
        private final String password;
        private final List<String> created = new ArrayList<>();

        Pg(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public DataSource fresh() throws SQLException {
            String db = "wfe_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + db);
            }
            created.add(db);
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url.substring(0, url.lastIndexOf('/') + 1) + db);
            ds.setUser(user);
            ds.setPassword(password);
            ds.setReWriteBatchedInserts(true);
            return ds;
        }

        void dropAll() throws SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                for (String db : created) {
                    st.execute(String.format(Locale.ROOT, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db));
                }
            }
        }
    }

    /** The raw statements: the columns the writer writes, bound the same way. */
    private static final class RawSql {
        static final String INSERT = "INSERT INTO wfe_job (guid, parent_guid, root_guid, action_name, job_name,"
                + " description, status, create_time, start_time, end_time, max_duration, ord, agent_guid,"
                + " root_object_type, root_object_guid, params, result, user_error, internal_error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        static final String DONE = "UPDATE wfe_job SET status = ?, start_time = ?, end_time = ?, result = ? WHERE guid = ?";

        static void bindInsert(PreparedStatement ps, Job j) throws SQLException {
            ps.setString(1, j.guid());
            ps.setString(2, j.parentGuid());
            ps.setString(3, j.rootGuid());
            ps.setString(4, j.actionName());
            ps.setString(5, j.name());
            ps.setString(6, j.description());
            ps.setString(7, j.status().name());
            ps.setObject(8, OffsetDateTime.ofInstant(j.createTime(), ZoneOffset.UTC));
            ps.setObject(9, null);
            ps.setObject(10, null);
            ps.setLong(11, j.maxDuration());
            ps.setInt(12, j.order());
            ps.setString(13, null);
            ps.setString(14, null);
            ps.setString(15, null);
            ps.setString(16, "{\"n\":1}");
            ps.setString(17, null);
            ps.setString(18, null);
            ps.setString(19, null);
        }

        static void bindDone(PreparedStatement ps, Job j, Instant t) throws SQLException {
            ps.setString(1, JobStatus.DONE.name());
            ps.setObject(2, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            ps.setString(4, "\"ok\"");
            ps.setString(5, j.guid());
        }
    }
}
