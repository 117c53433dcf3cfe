package org.wfe.engine.impl;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.health.HealthReport;

/**
 * Keeps {@code var/run/status.properties} current (pid, uptime, bundles active/total, ports, and health:
 * the health checks' verdict, which is what {@code ./wfe start} waits for and {@code ./wfe status} shows) and
 * writes the launcher's init marker once: {@code var/run/init.ok} when every bundle is active and HTTP
 * answers on its port, or {@code var/run/init.failed} with the reason when that does not happen in time.
 * The launcher reads files rather than asking the engine, so {@code ./wfe status} works even when the
 * shell is wedged.
 */
@Component(immediate = true)
public class EngineStatus {
    private static final Logger LOG = LoggerFactory.getLogger(EngineStatus.class);
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(90);
    static final String HTTP_RUNTIME_FILTER = "(|(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)"
            + "(objectClass=org.osgi.service.http.runtime.HttpServiceRuntime))";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wfe-status");
        t.setDaemon(true);
        return t;
    });
    private BundleContext ctx;
    private Home home;
    private Instant started;
    private ScheduledFuture<?> pending;
    private volatile boolean initDone;
    /** The exposed endpoints last judged (refused or warned), so each change is said once. */
    private volatile List<String> judged = List.of();
    /** Why HTTP was refused (its bundle is stopped then, so the endpoints no longer show it). */
    private volatile String refused;
    /** The health checks (Felix Health Checks through the engine's executor); absent while they start. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EngineHealth health;
    private final SynchronousBundleListener bundleListener = e -> {
        if (e.getType() == BundleEvent.STARTED || e.getType() == BundleEvent.STOPPED || e.getType() == BundleEvent.INSTALLED
                || e.getType() == BundleEvent.UNINSTALLED) {
            schedule();
        }
    };
    private final org.osgi.framework.ServiceListener serviceListener = e -> {
        schedule();
        timer.execute(this::checkExposure); // HTTP rebound (a configuration change) is judged as at start
    };

    @Activate
    void activate(BundleContext context) throws Exception {
        this.ctx = context;
        this.home = Home.of(context);
        home.createFolders();
        this.started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Files.deleteIfExists(home.run().resolve("init.ok"));
        Files.deleteIfExists(home.run().resolve("init.failed"));
        context.addBundleListener(bundleListener);
        context.addServiceListener(serviceListener, HTTP_RUNTIME_FILTER);
        timer.scheduleWithFixedDelay(this::checkInit, 100, 100, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::writeStatus, 0, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        ctx.removeBundleListener(bundleListener);
        ctx.removeServiceListener(serviceListener);
        timer.shutdownNow();
        try {
            Map<String, Object> m = snapshot();
            m.put("state", "stopping");
            Home.writeAtomically(home.run().resolve("status.properties"), Home.properties(m), false);
        } catch (IOException | IllegalStateException e) {
            // the framework is going away: a stale status is harmless, the launcher checks the pid
        }
    }

    private synchronized void schedule() {
        if (pending == null || pending.isDone()) {
            pending = timer.schedule(this::writeStatus, 200, TimeUnit.MILLISECONDS);
        }
    }

    private void checkInit() {
        if (initDone) {
            return;
        }
        try {
            List<String> notActive = notActive();
            String http = httpEndpoint();
            String refused = checkExposure();
            refused = refused != null ? refused : this.refused;
            if (refused != null) {
                initDone = true;
                Home.writeAtomically(home.run().resolve("init.failed"), "reason=" + refused + "\n", false);
            } else if (notActive.isEmpty() && http != null) {
                initDone = true;
                writeStatus();
                Home.writeAtomically(home.run().resolve("init.ok"), Home.properties(snapshot()), false);
                LOG.info("engine ready in {} ms: {} bundles active, Web Console at {}system/console",
                        Duration.between(started, Instant.now()).toMillis(), ctx.getBundles().length, http);
            } else if (Duration.between(started, Instant.now()).compareTo(INIT_TIMEOUT) > 0) {
                initDone = true;
                String reason = (notActive.isEmpty() ? "" : "bundles not active: " + String.join(", ", notActive))
                        + (http == null ? " HTTP not started" : "");
                Home.writeAtomically(home.run().resolve("init.failed"), "reason=" + reason.strip() + "\n", false);
                LOG.error("engine did not become ready within {} s: {}", INIT_TIMEOUT.toSeconds(), reason);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.warn("cannot write the init marker: {}", e.toString());
        }
    }

    private void writeStatus() {
        try {
            Home.writeAtomically(home.run().resolve("status.properties"), Home.properties(snapshot()), false);
        } catch (IOException | IllegalStateException e) {
            LOG.debug("cannot write status: {}", e.toString());
        }
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        Bundle[] bundles = ctx.getBundles();
        List<String> notActive = notActive();
        m.put("state", "running");
        m.put("pid", ProcessHandle.current().pid());
        m.put("home", home.root());
        m.put("started", started);
        m.put("uptime.seconds", Duration.between(started, Instant.now()).toSeconds());
        m.put("bundles.total", bundles.length);
        m.put("bundles.active", bundles.length - notActive.size());
        m.put("bundles.notactive", String.join(",", notActive));
        String http = httpEndpoint();
        m.put("http.url", http == null ? "" : http);
        m.put("http.port", http == null ? "" : port(http));
        String https = httpsEndpoint();
        m.put("https.url", https == null ? "" : https);
        String ssh = "";
        try {
            ssh = Files.readString(home.run().resolve("ssh.port")).strip();
        } catch (IOException e) {
            // no ssh (disabled or not started yet)
        }
        m.put("ssh.port", ssh);
        health(m);
        m.put("heap.used.mb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        return m;
    }

    /**
     * The health checks' verdict for the launcher: {@code health} OK/WARN/CRITICAL (or {@code unknown} while
     * the checks are not there yet), {@code health.ready}, {@code health.settling} (only pending checks make it
     * not ready: worth waiting for) and one {@code health.failing.N} line per check that is not OK.
     */
    private void health(Map<String, Object> m) {
        EngineHealth h = health;
        HealthReport r;
        try {
            r = h == null ? null : h.report();
        } catch (RuntimeException e) {
            LOG.debug("health checks failed: {}", e.toString());
            r = null;
        }
        if (r == null) {
            m.put("health", "unknown");
            m.put("health.ready", false);
            m.put("health.settling", true);
            return;
        }
        m.put("health", r.status());
        m.put("health.ready", r.ready());
        m.put("health.settling", r.settling());
        int i = 0;
        for (HealthReport.Check c : r.failing()) {
            m.put("health.failing." + ++i, c.name() + ": " + c.status() + (c.pending() ? " (pending)" : "") + " " + c.message());
        }
    }

    /** Bundles that should be active and are not (fragments are only ever resolved). */
    private List<String> notActive() {
        List<String> out = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (fragment ? b.getState() != Bundle.RESOLVED : b.getState() != Bundle.ACTIVE) {
                out.add(b.getSymbolicName() + "(" + BundlesCheck.state(b.getState()) + ")");
            }
        }
        return out;
    }

    /** The plain HTTP endpoint the launcher and tests use (127.0.0.1); an https one when there is no plain one. */
    private String httpEndpoint() {
        List<String> all = endpoints(null);
        return all.stream().filter(e -> e.startsWith("http:")).findFirst().orElse(all.isEmpty() ? null : all.get(0));
    }

    private String httpsEndpoint() {
        return endpoints(null).stream().filter(e -> e.startsWith("https:")).findFirst().orElse(null);
    }

    /** Every endpoint of every HTTP runtime; with {@code owners}, also the bundle serving each. */
    private List<String> endpoints(List<Bundle> owners) {
        List<String> out = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = ctx.getAllServiceReferences(null, HTTP_RUNTIME_FILTER);
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                Object ep = r.getProperty("osgi.http.endpoint");
                List<String> these = new ArrayList<>();
                if (ep instanceof String[] a) {
                    these.addAll(List.of(a));
                } else if (ep instanceof java.util.Collection<?> c) {
                    c.forEach(x -> these.add(String.valueOf(x)));
                } else if (ep instanceof String s && !s.isBlank()) {
                    these.add(s);
                }
                out.addAll(these);
                if (owners != null && !these.isEmpty() && r.getBundle() != null) {
                    owners.add(r.getBundle());
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * Refuses plain HTTP beyond loopback (stops the HTTP bundle: nothing is served in clear) unless the
     * operator allowed it, and then warns; returns the refusal, or null. Each change is said once.
     */
    private synchronized String checkExposure() {
        try {
            List<Bundle> owners = new ArrayList<>();
            List<String> exposed = HttpExposure.exposed(endpoints(owners));
            if (exposed.isEmpty()) {
                judged = List.of();
                return null;
            }
            boolean news = !exposed.equals(judged);
            judged = exposed;
            if (Boolean.parseBoolean(ctx.getProperty(HttpExposure.INSECURE))) {
                if (news) {
                    LOG.warn(HttpExposure.warning(exposed));
                }
                return null;
            }
            String refusal = HttpExposure.refusal(exposed);
            refused = refusal;
            LOG.error(refusal);
            for (Bundle b : owners) {
                try {
                    b.stop(Bundle.STOP_TRANSIENT);
                } catch (Exception e) {
                    LOG.error("could not stop the HTTP bundle {}: {}", b.getSymbolicName(), e.toString());
                }
            }
            return refusal;
        } catch (RuntimeException e) {
            LOG.warn("checking the HTTP endpoints failed: {}", e.toString());
            return null;
        }
    }

    static String port(String url) {
        return String.valueOf(java.net.URI.create(url).getPort());
    }

}
