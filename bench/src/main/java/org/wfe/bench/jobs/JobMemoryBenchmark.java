package org.wfe.bench.jobs;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.bench.NullJobStore;
import org.wfe.job.controller.impl.JobControllerImpl;
import org.wfe.job.controller.impl.Settings;

/**
 * One million sequential create/start/done jobs through the job controller, outside OSGi, on a store
 * that acknowledges every write at once and keeps nothing: the heap after GC then shows only what the
 * controller itself retains (finished jobs must leave memory once durable, so it must stay flat).
 */
public final class JobMemoryBenchmark implements Benchmark {

    static final int JOBS = 1_000_000;

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public String description() {
        return "job controller heap after GC over 1,000,000 sequential create/start/done jobs (store keeps nothing)";
    }

    @Override
    public List<Figure> run(BenchContext ctx) {
        NullJobStore store = NullJobStore.keepingNothing();
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            double heap0 = heapAfterGcMiB();
            long t0 = System.nanoTime();
            runJobs(jobs, JOBS / 2);
            double heapHalf = heapAfterGcMiB();
            runJobs(jobs, JOBS - JOBS / 2);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double heapAll = heapAfterGcMiB();
            String note = store.saves() + " row writes";
            return List.of(
                    new Figure("heap after GC, 0 jobs", heap0, Double.NaN, "MiB", false, ""),
                    new Figure("heap after GC, 500k jobs", heapHalf, Double.NaN, "MiB", false, ""),
                    new Figure("heap after GC, 1M jobs", heapAll, Double.NaN, "MiB", false, "growth " + fmt(heapAll - heap0) + " MiB"),
                    new Figure("jobs held in memory after 1M", jobs.liveJobs(), Double.NaN, "jobs", false, ""),
                    Figure.rate("create+start+done (incl. GC pauses above)", JOBS / seconds, Double.NaN, "jobs/s").withNote(note));
        } finally {
            jobs.deactivate();
        }
    }

    private static void runJobs(JobController jobs, int n) {
        for (int i = 0; i < n; i++) {
            Job j = jobs.createJob(null, "bench.run", null, null, null);
            jobs.start(j.guid());
            jobs.done(j.guid(), null);
        }
    }

    private static double heapAfterGcMiB() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }
}
