package org.wfe.bench.actions;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.wfe.api.action.ActionResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;
import org.wfe.bench.NullJobStore;
import org.wfe.drp.impl.Repository;
import org.wfe.job.controller.impl.JobControllerImpl;
import org.wfe.job.controller.impl.Settings;
import org.wfe.tasklet.engine.impl.ActionEngine;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletProperties;

/**
 * The action manager outside OSGi, wired by hand to the real job controller and the real repository on a
 * durable H2 file: (1) 100,000 actions held at once, each blocked inside its tasklet (heap after GC, next
 * to the same number of bare blocked virtual threads), then released (time until all are DONE and
 * durable); (2) actions per second with one no-op tasklet, next to the job controller alone doing the
 * same jobs (create, start, done) on the same kind of store; (3) one million sequential actions, heap after
 * GC at 0, 500k and 1M.
 */
public final class ActionBenchmark implements Benchmark {

    static final int BLOCKED = 100_000;
    static final int NOOP = 50_000;
    static final int SEQUENTIAL = 1_000_000;

    @Override
    public String name() {
        return "actions";
    }

    @Override
    public String description() {
        return "tasklet engine: 100k actions blocked at once (heap, drain), no-op actions/s, real job controller + H2 DRP";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        List<Figure> figures = new ArrayList<>();
        blocked(ctx.scratch().resolve("blocked"), figures);
        noop(ctx.scratch().resolve("noop"), true, figures);
        noop(ctx.scratch().resolve("noop-null"), false, figures);
        sequential(ctx.scratch().resolve("sequential"), figures);
        return figures;
    }

    private void blocked(Path dir, List<Figure> figures) throws Exception {
        double bareHeap;
        double bareDrain;
        {
            double base = heapAfterGcMiB();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(BLOCKED);
            CountDownLatch finished = new CountDownLatch(BLOCKED);
            for (int i = 0; i < BLOCKED; i++) {
                Thread.ofVirtual().start(() -> {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.countDown();
                });
            }
            entered.await();
            bareHeap = heapAfterGcMiB() - base;
            long t0 = System.nanoTime();
            release.countDown();
            finished.await();
            bareDrain = (System.nanoTime() - t0) / 1e9;
        }
        try (Wired w = new Wired(dir, true)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(BLOCKED);
            w.add("bench", "block", c -> {
                entered.countDown();
                release.await();
                c.params().put("result", 1);
            });
            double base = heapAfterGcMiB();
            long t0 = System.nanoTime();
            List<CompletableFuture<ActionResult>> all = new ArrayList<>(BLOCKED);
            for (int i = 0; i < BLOCKED; i++) {
                all.add(w.engine.startActorActionAsync("bench", "block", Map.of("i", i), null, null).toCompletableFuture());
            }
            if (!entered.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + (BLOCKED - entered.getCount()) + " actions got inside their tasklet");
            }
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            double heap = heapAfterGcMiB() - base;
            long t1 = System.nanoTime();
            release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double drain = (System.nanoTime() - t1) / 1e9;
            long done = all.stream().filter(f -> f.join().status() == JobStatus.DONE).count();
            figures.add(new Figure("100k blocked actions: heap after GC", heap, bareHeap, "MiB", false,
                    "goal <= 1024 MiB; ceiling: 100k bare blocked virtual threads"));
            figures.add(Figure.time("100k actions: start until all inside", startSeconds, Double.NaN, "s"));
            figures.add(new Figure("100k actions: release until all DONE+durable", drain, bareDrain, "s", false,
                    done + " DONE; ceiling: bare threads released"));
        }
    }

    /**
     * Both sides fire every job from this thread, then wait for all: the controller alone (create here,
     * start and done on a virtual thread each) and the engine ({@code wait=false}, then waitForActions).
     *
     * @param h2 true: the durable H2 repository; false: a store that acknowledges at once (engine cost only)
     */
    private void noop(Path dir, boolean h2, List<Figure> figures) throws Exception {
        double ceiling;
        try (Wired w = new Wired(dir.resolve("controller"), h2)) {
            controllerAlone(w, NOOP / 10); // warm-up
            long t0 = System.nanoTime();
            controllerAlone(w, NOOP);
            ceiling = NOOP / ((System.nanoTime() - t0) / 1e9);
        }
        try (Wired w = new Wired(dir.resolve("engine"), h2)) {
            w.add("bench", "noop", c -> { });
            viaEngine(w, NOOP / 10); // warm-up
            long t0 = System.nanoTime();
            int done = viaEngine(w, NOOP);
            double rate = NOOP / ((System.nanoTime() - t0) / 1e9);
            String note = done + " DONE; ceiling: job controller alone, same jobs";
            figures.add(h2 ? new Figure("no-op actions, persisted (H2 file, durable)", rate, ceiling, "actions/s", true,
                    "goal >= 10,000/s; " + note)
                    : new Figure("no-op actions, store acks at once", rate, ceiling, "actions/s", true,
                            "engine cost only; " + note));
        }
    }

    /**
     * One million actions one after the other, each waited for: finished job trees must leave memory, so
     * the heap after GC stays flat. The store acknowledges at once (what is measured is the engine's and
     * the job controller's memory, not the store's; the store's rate is the figure above).
     */
    private void sequential(Path dir, List<Figure> figures) throws Exception {
        try (Wired w = new Wired(dir, false, NullJobStore.keepingNothing())) {
            w.add("bench", "seq", c -> c.params().put("result", 1));
            double[] heap = new double[3];
            heap[0] = heapAfterGcMiB();
            long t0 = System.nanoTime();
            for (int i = 1; i <= SEQUENTIAL; i++) {
                w.engine.startActorAction("bench", "seq", Map.of(), null, null);
                if (i == SEQUENTIAL / 2) {
                    heap[1] = heapAfterGcMiB();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            heap[2] = heapAfterGcMiB();
            String[] at = {"0", "500k", "1M"};
            for (int i = 0; i < 3; i++) {
                figures.add(new Figure("1M sequential actions: heap after GC at " + at[i], heap[i], Double.NaN, "MiB", false,
                        i == 2 ? String.format(Locale.ROOT, "%.0f actions/s waited one by one", SEQUENTIAL / seconds) : ""));
            }
        }
    }

    private static void controllerAlone(Wired w, int n) throws Exception {
        List<CompletableFuture<Job>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Job j = w.jobs.createJob(null, "bench.noop", null, null, Map.of("i", i));
            CompletableFuture<Job> f = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                w.jobs.start(j.guid());
                f.complete(w.jobs.done(j.guid(), null));
            });
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    }

    static int viaEngine(Wired w, int n) {
        ExecutionParams noWait = ExecutionParams.defaults().withWait(false);
        List<String> guids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            guids.add(w.engine.startActorAction("bench", "noop", Map.of("i", i), noWait, null).jobGuid());
        }
        return w.engine.waitForActions(guids, Duration.ofMinutes(10)).size();
    }

    /** Engine + job controller + repository on an H2 file under {@code dir}. */
    static final class Wired implements AutoCloseable {
        final Repository repo;
        final JobControllerImpl jobs;
        final ActionEngine engine;

        Wired(Path dir, boolean h2) throws Exception {
            this(dir, h2, NullJobStore.keepingFinished());
        }

        /** @param store the store when not on H2 */
        Wired(Path dir, boolean h2, NullJobStore store) throws Exception {
            if (h2) {
                Files.createDirectories(dir);
                JdbcDataSource ds = new JdbcDataSource();
                ds.setURL("jdbc:h2:file:" + dir.resolve("wfe").toAbsolutePath() + ";WRITE_DELAY=0");
                ds.setUser("sa");
                ds.setPassword("");
                repo = Repository.open(ds, Repository.Settings.defaults("h2", dir.toString()), List.of("machine"));
            } else {
                repo = null;
            }
            jobs = new JobControllerImpl(h2 ? repo : store, Settings.DEFAULTS);
            engine = ActionEngine.standalone(jobs, () -> repo);
        }

        void add(String actor, String action, Tasklet body) {
            engine.register(body, Map.of(TaskletProperties.ACTOR, actor, TaskletProperties.ACTION, new String[] {action}));
        }

        @Override
        public void close() {
            engine.close();
            jobs.deactivate();
            if (repo != null) {
                repo.close();
            }
        }
    }

    private static double heapAfterGcMiB() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
