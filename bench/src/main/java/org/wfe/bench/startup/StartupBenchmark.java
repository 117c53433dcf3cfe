package org.wfe.bench.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.wfe.bench.BenchContext;
import org.wfe.bench.Benchmark;
import org.wfe.bench.Figure;

/**
 * Cold start to ready (every bundle active, as the Web Console reports it) and hot deploy to ACTIVE, for
 * the engine next to the bare platform: the same Felix bundles without the engine's (runtime/bare.bndrun).
 * Each container is a fresh JVM with a fresh home; the figure is the median of several runs.
 */
public final class StartupBenchmark implements Benchmark {
    private static final int STARTS = 3;
    private static final int DEPLOYS = 5;
    private static final String PROBE_BSN = "wfe.bench.probe";

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String description() {
        return "cold start to ready, hot deploy to ACTIVE: engine vs bare Felix with the same platform bundles";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        Path java = ctx.javaHome().resolve("bin/java");
        Path engine = ctx.runtimeJar();
        Path bare = ctx.checkout().resolve("runtime/target/bare.jar");
        Path probe = probeBundle(ctx.scratch());
        double[] engineStart = new double[STARTS];
        double[] bareStart = new double[STARTS];
        double[] engineDeploy = new double[DEPLOYS];
        double[] bareDeploy = new double[DEPLOYS];
        for (int i = 0; i < STARTS; i++) {
            // alternate so that a warming disk cache favours neither
            bareStart[i] = startAndMaybeDeploy(java, bare, ctx.scratch().resolve("bare-" + i), false, i == 0 ? probe : null, bareDeploy);
            engineStart[i] = startAndMaybeDeploy(java, engine, ctx.scratch().resolve("engine-" + i), true, i == 0 ? probe : null, engineDeploy);
        }
        return List.of(
                Figure.time("cold start to every bundle active", median(engineStart), median(bareStart), "ms"),
                Figure.time("hot deploy (copy into deploy/) to ACTIVE", median(engineDeploy), median(bareDeploy), "ms"));
    }

    private static double startAndMaybeDeploy(Path java, Path jar, Path home, boolean engine, Path hello, double[] deploys) throws Exception {
        try (Container c = new Container(java, jar, home, engine)) {
            double ms = c.awaitReady(Duration.ofMinutes(2));
            if (hello != null) {
                for (int i = 0; i < deploys.length; i++) {
                    deploys[i] = c.hotDeploy(probeJar(hello, i), PROBE_BSN + i, "probe-" + i + ".jar");
                }
            }
            return ms;
        }
    }

    /**
     * A bundle with no imports, so that it resolves in both containers: what is measured is FileInstall
     * noticing it plus install and start, not the bundle's own work. One symbolic name per deploy.
     */
    private static Path probeBundle(Path dir) throws Exception {
        Files.createDirectories(dir);
        return dir;
    }

    static Path probeJar(Path dir, int i) throws Exception {
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        mf.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", PROBE_BSN + i);
        mf.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        Path jar = dir.resolve("probe-src-" + i + ".jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new java.util.zip.ZipEntry("probe.txt"));
            out.write(("probe " + i).getBytes());
        }
        return jar;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
