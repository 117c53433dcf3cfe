package org.wfe.bench.search;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.drp.impl.JobSearch;
import org.wfe.drp.impl.Repository;

/**
 * Job search over a large store: the typical queries through the repository (its read pool, the SQL of
 * JobSearch, rows decoded into jobs), median and p99, next to a primary-key lookup of one job through plain
 * JDBC on the same store (the cheapest indexed read there is). Each query's plan (EXPLAIN) is printed and
 * the index it uses goes into the figure's note. Size: {@code -Dwfe.bench.search.jobs} (1,000,000), fill
 * time box per store {@code -Dwfe.bench.search.fillSeconds} (900).
 */
public final class SearchBenchmark implements Benchmark {

    static final int JOBS = Integer.getInteger("wfe.bench.search.jobs", 1_000_000);
    static final int OBJECTS = 10_000;
    static final Duration FILL_BUDGET = Duration.ofSeconds(Integer.getInteger("wfe.bench.search.fillSeconds", 900));
    /** Which stores to measure: {@code -Dwfe.bench.search.stores=h2,postgresql} (both). */
    static final List<String> STORES = List.of(System.getProperty("wfe.bench.search.stores", "h2,postgresql").split(","));
    static final int SAMPLES = 300;
    static final int WARM_UP = 100;
    private static final Pattern INDEX = Pattern.compile("(?i)wfe_job_[a-z_]+");

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String description() {
        return "job search over " + JOBS / 1000 + "k jobs (10,000 root objects): typical queries, median/p99 vs a primary-key lookup";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        List<Figure> out = new ArrayList<>();
        Path dir = ctx.scratch().resolve("search");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("wfe") + ";WRITE_DELAY=0");
        h2.setUser("sa");
        try {
            if (STORES.contains("h2")) {
                measure("h2", h2, out);
            }
        } finally {
            try (var files = Files.exists(dir) ? Files.walk(dir) : java.util.stream.Stream.<Path>empty()) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        String pgUrl = ctx.env().get("WFE_TEST_PG_URL");
        if (!STORES.contains("postgresql")) {
            return out;
        }
        if (pgUrl != null && !pgUrl.isBlank()) {
            String user = ctx.env().get("WFE_TEST_PG_USER");
            String password = ctx.env().get("WFE_TEST_PG_PASSWORD");
            String db = "wfe_bench_search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            try (Connection c = DriverManager.getConnection(pgUrl, user, password); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + db);
            }
            try {
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(pgUrl.substring(0, pgUrl.lastIndexOf('/') + 1) + db);
                pg.setUser(user);
                pg.setPassword(password);
                pg.setReWriteBatchedInserts(true);
                measure("postgresql", pg, out);
            } finally {
                try (Connection c = DriverManager.getConnection(pgUrl, user, password); Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
            }
        } else {
            out.add(new Figure("postgresql: skipped (no WFE_TEST_PG_URL)", Double.NaN, Double.NaN, "", true,
                    "run cnf/services/services.sh start DIR and export DIR/services.env"));
        }
        return out;
    }

    private static Repository open(String kind, DataSource ds) {
        return Repository.open(ds, Repository.Settings.defaults(kind, kind + " search bench"), List.of("machine"));
    }

    private void measure(String kind, DataSource ds, List<Figure> out) throws Exception {
        open(kind, ds).close(); // schema 3
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobFill fill = new JobFill(OBJECTS, now);
        long t0 = System.nanoTime();
        int n = fill.fill(ds, JOBS, FILL_BUDGET, kind);
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "  %s: %,d jobs in %.0f s%n", kind, n, fillSeconds);
        out.add(new Figure(kind + ": jobs in the store", n, JOBS, "jobs", true, String.format(Locale.ROOT,
                "filled by batched JDBC in %.0f s (%.0f jobs/s)%s", fillSeconds, n / fillSeconds,
                n < JOBS ? "; the fill's time box ended it" : "")));
        Instant weekAgo = now.minus(Duration.ofDays(7));
        Map<String, IntFunction<JobQuery>> queries = new LinkedHashMap<>();
        queries.put("machine X, last 7 days, newest 50", i -> JobQuery.recent(50)
                .withRootObject("machine", fill.objects[i % OBJECTS]).createdBetween(weekAgo, null));
        queries.put("machine X, action, ERROR", i -> JobQuery.recent(50).withRootObject("machine", fill.objects[i % OBJECTS])
                .withAction("machine.start").withStatus(JobStatus.ERROR));
        queries.put("action + ERROR, newest 50", i -> JobQuery.recent(50).withAction(JobFill.ACTIONS.get(i % 8))
                .withStatus(JobStatus.ERROR));
        queries.put("started by user, newest 50", i -> JobQuery.recent(50).withStartedBy(JobFill.user(i % 20)));
        queries.put("ended in the last hour, newest 50", i -> JobQuery.recent(50).endedBetween(now.minus(Duration.ofHours(1)), null));
        queries.put("all jobs, newest 50", i -> JobQuery.recent(50));
        try (Repository repo = open(kind, ds)) {
            // the ceiling: one job by primary key, plain JDBC on the same store
            List<Job> sample = repo.jobs(JobQuery.recent(WARM_UP + SAMPLES));
            double[] pk = pkLookups(ds, sample);
            for (Map.Entry<String, IntFunction<JobQuery>> q : queries.entrySet()) {
                double[] ms = latencies(repo, q.getValue());
                String plan = explain(ds, q.getValue().apply(7));
                System.err.println("  " + kind + " plan of '" + q.getKey() + "':\n    " + plan.replace("\n", "\n    "));
                out.add(Figure.time(kind + ": " + q.getKey() + ", median", pct(ms, 50), pct(pk, 50), "ms")
                        .withNote("uses " + indexes(plan) + "; ceiling: one job by primary key (JDBC)"));
                out.add(Figure.time(kind + ": " + q.getKey() + ", p99", pct(ms, 99), pct(pk, 99), "ms"));
            }
            double[] paged = cursorPages(repo);
            String plan = explain(ds, JobQuery.recent(50).withStatus(JobStatus.DONE)
                    .after(new JobQuery.Cursor(now.minus(Duration.ofDays(1)), "8")));
            System.err.println("  " + kind + " plan of a cursor page:\n    " + plan.replace("\n", "\n    "));
            out.add(Figure.time(kind + ": DONE jobs, pages 1-20 by cursor, median", pct(paged, 50), pct(pk, 50), "ms")
                    .withNote("uses " + indexes(plan) + "; each page seeks past the previous one's last job"));
            out.add(Figure.time(kind + ": DONE jobs, pages 1-20 by cursor, p99", pct(paged, 99), pct(pk, 99), "ms"));
        }
    }

    private static double[] latencies(Repository repo, IntFunction<JobQuery> q) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < WARM_UP; i++) {
            repo.jobs(q.apply(rnd.nextInt(1 << 30)));
        }
        double[] ms = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            JobQuery query = q.apply(rnd.nextInt(1 << 30));
            long t0 = System.nanoTime();
            repo.jobs(query);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** Walks 20 pages of 50 DONE jobs by cursor, timing each page; 5 walks. */
    private static double[] cursorPages(Repository repo) {
        List<Double> ms = new ArrayList<>();
        for (int walk = 0; walk < 5; walk++) {
            JobQuery q = JobQuery.recent(50).withStatus(JobStatus.DONE);
            for (int page = 0; page < 20; page++) {
                long t0 = System.nanoTime();
                List<Job> got = repo.jobs(q);
                ms.add((System.nanoTime() - t0) / 1e6);
                q = q.after(JobQuery.Cursor.of(got.getLast()));
            }
        }
        return ms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] pkLookups(DataSource ds, List<Job> sample) throws SQLException {
        double[] ms = new double[SAMPLES];
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM wfe_job WHERE guid = ?")) {
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                long t0 = System.nanoTime();
                ps.setString(1, sample.get(i % sample.size()).guid());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rs.getString(1);
                }
                if (i >= WARM_UP) {
                    ms[i - WARM_UP] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return ms;
    }

    /** The plan of the statement the store runs for {@code q}, with its parameters bound. */
    static String explain(DataSource ds, JobQuery q) throws SQLException {
        JobSearch s = new JobSearch("*", q);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + s.sql)) {
            for (int i = 0; i < s.args.size(); i++) {
                ps.setObject(i + 1, s.args.get(i));
            }
            StringBuilder sb = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(sb.isEmpty() ? "" : "\n").append(rs.getString(1));
                }
            }
            return sb.toString();
        }
    }

    private static String indexes(String plan) {
        Matcher m = INDEX.matcher(plan);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            String i = m.group().toLowerCase(Locale.ROOT);
            if (!found.contains(i) && !i.equals("wfe_job_")) {
                found.add(i);
            }
        }
        return found.isEmpty() ? "NO INDEX (a scan)" : String.join(", ", found);
    }

    private static double pct(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
