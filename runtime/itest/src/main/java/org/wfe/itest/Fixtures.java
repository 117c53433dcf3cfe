package org.wfe.itest;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The sample and fixture bundles the tests install (copied to target/fixtures by the build). */
final class Fixtures {
    static final String HELLO = "org.wfe.sample.hello";
    static final String MACHINE = "org.wfe.sample.machine";
    static final String HYPERVISOR = "org.wfe.sample.hypervisor";
    static final String FIXTURES = "org.wfe.test.fixtures";

    static Path jar(BundleContext ctx, String artifactId) {
        return Path.of(ctx.getProperty("wfe.itest.fixtures"), artifactId + ".jar");
    }

    /** Installs and starts a fixture bundle (or returns it when already there). */
    static Bundle install(BundleContext ctx, String artifactId) throws Exception {
        Optional<Bundle> there = find(ctx, artifactId);
        if (there.isPresent()) {
            return there.get();
        }
        try (InputStream in = Files.newInputStream(jar(ctx, artifactId))) {
            Bundle b = ctx.installBundle("itest:" + artifactId, in);
            b.start();
            return b;
        }
    }

    static void uninstall(BundleContext ctx, String bsn) throws Exception {
        Optional<Bundle> b = find(ctx, bsn);
        if (b.isPresent()) {
            b.get().uninstall();
        }
    }

    static Optional<Bundle> find(BundleContext ctx, String bsn) {
        return Arrays.stream(ctx.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    static void awaitActive(BundleContext ctx, String bsn) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(ctx, bsn).map(b -> b.getState() == Bundle.ACTIVE).orElse(false));
    }

    private Fixtures() {
    }
}
