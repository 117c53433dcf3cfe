package org.wfe.bench.actions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.wfe.api.job.ExecutionParams;
import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;

/**
 * No-op actions per second while 2x cores tasklets spin without blocking (each holding its thread's
 * carrier), next to the same figure with nothing spinning; real job controller and durable H2 store, as in
 * {@link ActionBenchmark}. The machine is shared, so the two are measured in alternating rounds (the
 * spinners paused, then spinning) and the median of the rounds is given. The spinners count chunks of
 * arithmetic; the process's CPU time per chunk while they spin alone, times the chunks done while the no-op
 * actions run, over the process's CPU time then, is their share (whatever else the machine runs).
 */
public final class SpinBenchmark implements Benchmark {

    static final int NOOP = 10_000;
    static final int ROUNDS = 3;
    static final int SPINNERS = 2 * Runtime.getRuntime().availableProcessors();
    static volatile long sink;

    private final Object gate = new Object();
    // spinning from the start, as the tasklets it stands for: the first #cores take the carriers and the rest
    // are moved to the engine's platform pool; started paused, all would take a carrier in turn and block,
    // and once resumed only #cores of them would ever run (the others waiting for a carrier)
    private volatile boolean paused;
    private volatile boolean stop;
    private final LongAdder chunks = new LongAdder();

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
            CountDownLatch inside = new CountDownLatch(SPINNERS);
            CountDownLatch out = new CountDownLatch(SPINNERS);
            w.add("bench", "spin", c -> {
                inside.countDown();
                spin();
                out.countDown();
            });
            for (int i = 0; i < SPINNERS; i++) {
                w.engine.startActorAction("bench", "spin", Map.of(), ExecutionParams.defaults().withWait(false), null);
            }
            if (!inside.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException((SPINNERS - inside.getCount()) + " of " + SPINNERS + " spinners started");
            }
            pause(); // each waits on the thread it spins on
            ActionBenchmark.viaEngine(w, NOOP); // warm-up, nothing spinning
            resume();
            Thread.sleep(1_000); // the spinners' loop compiled
            long c0 = chunks.sum();
            long cpu0 = processCpuNanos();
            Thread.sleep(2_000);
            // alone, the process's CPU is the spinners': what one chunk costs
            double cpuPerChunk = (processCpuNanos() - cpu0) / (double) (chunks.sum() - c0);

            double[] idle = new double[ROUNDS];
            double[] busy = new double[ROUNDS];
            double[] share = new double[ROUNDS];
            double[] ratio = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                pause();
                idle[r] = rate(w);
                resume();
                Thread.sleep(300); // past the carrier watch's starvation threshold, as a real spinner would be
                c0 = chunks.sum();
                cpu0 = processCpuNanos();
                busy[r] = rate(w);
                share[r] = (chunks.sum() - c0) * cpuPerChunk / (processCpuNanos() - cpu0);
                ratio[r] = busy[r] / idle[r];
            }
            stop = true;
            resume();
            out.await(60, TimeUnit.SECONDS);

            List<Figure> figures = new ArrayList<>();
            figures.add(new Figure("no-op actions, persisted, nothing spinning", median(idle), Double.NaN, "actions/s", true,
                    "median of " + ROUNDS + " rounds alternating with the row below"));
            figures.add(new Figure("no-op actions, persisted, " + SPINNERS + " tasklets spinning", median(busy), median(idle),
                    "actions/s", true, String.format(Locale.ROOT, "goal >= 0.3x; per-round ratios %s; the spinners got %.0f%%"
                            + " of the process's CPU meanwhile", fmt(ratio), 100 * median(share))));
            return figures;
        }
    }

    private void spin() {
        long x = 1;
        while (!stop) {
            if (paused) {
                synchronized (gate) {
                    while (paused) {
                        try {
                            gate.wait();
                        } catch (InterruptedException e) {
                            // a spinner ignores interrupts, as the ones it stands for do
                        }
                    }
                }
            }
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            chunks.increment();
        }
        sink = x;
    }

    private void pause() {
        paused = true;
    }

    private void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.2f", d));
        }
        return b.toString();
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
