package org.wfe.bench.schedules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.wfe.api.job.Job;
import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.tasklet.TaskletProperties;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.drp.impl.Repository;
import org.wfe.drp.impl.ScheduleStoreComponent;
import org.wfe.job.controller.impl.JobControllerImpl;
import org.wfe.job.controller.impl.Settings;
import org.wfe.schedules.impl.SchedulesComponent;
import org.wfe.tasklet.engine.impl.ActionEngine;

/**
 * Firing delay at {@code wfe.bench.schedules.count} schedules (default 1,000) of a persisted no-op action,
 * each every {@code wfe.bench.schedules.every} seconds (default 10), for {@code wfe.bench.schedules.seconds}
 * (default 60), outside OSGi on the real scheduler, repository (H2 file), job controller and tasklet engine:
 * from each fire time to its claim (the fire row inserted) and to its job's creation, median and p99.
 */
public final class ScheduleBenchmark implements Benchmark {

    static final int COUNT = Integer.getInteger("wfe.bench.schedules.count", 1_000);
    static final int EVERY = Integer.getInteger("wfe.bench.schedules.every", 10);
    static final int SECONDS = Integer.getInteger("wfe.bench.schedules.seconds", 60);

    @Override
    public String name() {
        return "schedules";
    }

    @Override
    public String description() {
        return "schedules: firing delay (median, p99) at " + COUNT + " schedules every " + EVERY + " s";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        Path dir = ctx.scratch().resolve("schedules");
        Files.createDirectories(dir);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("wfe") + ";WRITE_DELAY=0");
        Repository repo = Repository.open(ds, Repository.Settings.defaults("h2", "schedules bench"), List.of());
        JobControllerImpl jobs = new JobControllerImpl(repo, Settings.DEFAULTS);
        ActionEngine engine = ActionEngine.standalone(jobs, () -> repo);
        engine.register(c -> c.log("noop"), Map.of(TaskletProperties.ACTOR, "bench", TaskletProperties.ACTION, new String[] {"noop"}));
        ScheduleStoreComponent store = new ScheduleStoreComponent(repo);
        SchedulesComponent schedules = SchedulesComponent.standalone(store, engine, jobs);
        List<Double> toClaim = new ArrayList<>();
        List<Double> toJob = new ArrayList<>();
        try {
            for (int i = 0; i < COUNT; i++) {
                schedules.add(Schedule.everyInterval("bench-" + i, "bench", "noop", Map.of(), Duration.ofSeconds(EVERY)), "bench", "bench");
            }
            Instant from = Instant.now().plusSeconds(EVERY); // the first round of each schedule is the warm-up
            Instant until = from.plusSeconds(SECONDS);
            while (Instant.now().isBefore(until.plusSeconds(3))) {
                Thread.sleep(500); // the benchmark's clock: the load runs by itself
            }
            schedules.deactivate();
            for (int i = 0; i < COUNT; i++) {
                for (Fire f : store.fires("bench-" + i, 1000)) {
                    if (f.fireTime().isBefore(from) || f.fireTime().isAfter(until) || f.jobGuid() == null) {
                        continue;
                    }
                    toClaim.add((double) Duration.between(f.fireTime(), f.claimedAt()).toMillis());
                    Job j = repo.job(f.jobGuid()).orElseThrow();
                    toJob.add((double) Duration.between(f.fireTime(), j.createTime()).toMillis());
                }
            }
        } finally {
            engine.close();
            jobs.deactivate();
            repo.close();
        }
        long expected = (long) COUNT * SECONDS / EVERY;
        String note = String.format(Locale.ROOT, "%d fires of %d schedules every %d s over %d s (about %d expected), H2;"
                + " the scheduler ticks every 200 ms", toJob.size(), COUNT, EVERY, SECONDS, expected);
        return List.of(
                Figure.time("schedules: fire time to claim, median", pct(toClaim, 50), Double.NaN, "ms").withNote(note),
                Figure.time("schedules: fire time to claim, p99", pct(toClaim, 99), Double.NaN, "ms"),
                Figure.time("schedules: fire time to job created, median", pct(toJob, 50), Double.NaN, "ms"),
                Figure.time("schedules: fire time to job created, p99", pct(toJob, 99), Double.NaN, "ms"));
    }

    private static double pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
    }
}
