package org.wfe.engine.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.wfe.api.health.EngineHealth;

/**
 * Health check "bundles": every bundle of the engine is active (fragments resolved). A bundle of the
 * engine not active is CRITICAL; a tasklet bundle from {@code deploy/} that is not active is a WARN (the
 * other actions keep working). Written here rather than with generalchecks' BundlesStartedCheck: that one
 * needs a factory configuration per engine and cannot tell deployed tasklet bundles from the engine's.
 */
@Component(property = {HealthCheck.NAME + "=bundles", HealthCheck.TAGS + "=" + EngineHealth.TAG})
public class BundlesCheck implements HealthCheck {

    /** A bundle as the check sees it. */
    record Seen(String name, int state, boolean fragment, boolean deployed) {
    }

    private final BundleContext ctx;
    private final Path deploy;

    @Activate
    public BundlesCheck(BundleContext ctx) {
        this.ctx = ctx;
        this.deploy = Home.of(ctx).deploy();
    }

    @Override
    public Result execute() {
        List<Seen> seen = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            String location = b.getLocation() == null ? "" : b.getLocation();
            seen.add(new Seen(b.getSymbolicName() + " " + b.getVersion(), b.getState(),
                    b.getHeaders().get(Constants.FRAGMENT_HOST) != null, location.contains(deploy.toString())));
        }
        return judge(seen);
    }

    static Result judge(List<Seen> bundles) {
        List<String> engine = new ArrayList<>();
        List<String> deployed = new ArrayList<>();
        for (Seen b : bundles) {
            boolean ok = b.fragment() ? b.state() == Bundle.RESOLVED : b.state() == Bundle.ACTIVE;
            if (!ok) {
                (b.deployed() ? deployed : engine).add(b.name() + " (" + state(b.state()) + ")");
            }
        }
        if (!engine.isEmpty()) {
            return new Result(Result.Status.CRITICAL, "engine bundles not active: " + String.join(", ", engine)
                    + (deployed.isEmpty() ? "" : "; tasklet bundles not active: " + String.join(", ", deployed)));
        }
        if (!deployed.isEmpty()) {
            return new Result(Result.Status.WARN, "tasklet bundles not active: " + String.join(", ", deployed));
        }
        return new Result(Result.Status.OK, bundles.size() + " bundles active");
    }

    static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }
}
