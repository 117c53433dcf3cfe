package org.wfe.bench.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.wfe.api.job.ExecutionParams;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;

/**
 * No-op actions per second while 2x cores tasklets spin without blocking (each holding its thread's
 * carrier), next to the same figure with nothing spinning; real job controller and durable H2 store, as in
 * {@link ActionBenchmark}. The spinners count chunks of arithmetic; the process's CPU time per chunk while
 * they spin alone, times the chunks done while the no-op actions run, over the process's CPU time then, is
 * their share (independent of what else the machine runs).
 */
public final class SpinBenchmark implements Benchmark {

    static final int NOOP = 20_000;
    static final int SPINNERS = 2 * Runtime.getRuntime().availableProcessors();
    static volatile long sink;

    @Override
    public String name() {
        return "spin";
    }

    @Override
    public String description() {
        return "tasklet engine: no-op actions/s while 2x cores interrupt-deaf tasklets spin, next to none spinning";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        try (ActionBenchmark.Wired w = new ActionBenchmark.Wired(ctx.scratch().resolve("spin"), true)) {
            w.add("bench", "noop", c -> { });
            LongAdder chunks = new LongAdder();
            AtomicBoolean spin = new AtomicBoolean(true);
            CountDownLatch inside = new CountDownLatch(SPINNERS);
            CountDownLatch out = new CountDownLatch(SPINNERS);
            w.add("bench", "spin", c -> {
                inside.countDown();
                long x = 1;
                while (spin.get()) {
                    for (int i = 0; i < 100_000; i++) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                    }
                    chunks.increment();
                }
                sink = x;
                out.countDown();
            });
            ActionBenchmark.viaEngine(w, NOOP / 4); // warm-up
            double idle = rate(w);

            for (int i = 0; i < SPINNERS; i++) {
                w.engine.startActorAction("bench", "spin", Map.of(), ExecutionParams.defaults().withWait(false), null);
            }
            if (!inside.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException((SPINNERS - inside.getCount()) + " of " + SPINNERS + " spinners started");
            }
            long c0 = chunks.sum();
            long cpu0 = processCpuNanos();
            Thread.sleep(2_000);
            // alone, the process's CPU is the spinners': what one chunk costs, whatever else the machine runs
            double cpuPerChunk = (processCpuNanos() - cpu0) / (double) (chunks.sum() - c0);

            c0 = chunks.sum();
            cpu0 = processCpuNanos();
            double busy = rate(w);
            double share = (chunks.sum() - c0) * cpuPerChunk / (processCpuNanos() - cpu0);
            spin.set(false);
            out.await(60, TimeUnit.SECONDS);

            List<Figure> figures = new ArrayList<>();
            figures.add(new Figure("no-op actions, persisted, nothing spinning", idle, Double.NaN, "actions/s", true, ""));
            figures.add(new Figure("no-op actions, persisted, " + SPINNERS + " tasklets spinning", busy, idle, "actions/s", true,
                    String.format(Locale.ROOT, "goal >= 0.3x; ceiling: nothing spinning; the spinners got %.0f%% of the"
                            + " process's CPU meanwhile", 100 * share)));
            return figures;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double rate(ActionBenchmark.Wired w) {
        long t0 = System.nanoTime();
        int done = ActionBenchmark.viaEngine(w, NOOP);
        if (done != NOOP) {
            throw new IllegalStateException(done + " of " + NOOP + " no-op actions done");
        }
        return NOOP / ((System.nanoTime() - t0) / 1e9);
    }
}
