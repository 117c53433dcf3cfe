package org.wfe.engine.impl;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Makes SIGTERM ({@code ./wfe stop}) a graceful stop. The launcher's own hook only asks the framework to
 * stop and the JVM then ends at once, so no bundle was ever stopped: running scripts of the local agent
 * went on in their own sessions, agents saw a dropped connection rather than a goodbye. This hook stops
 * the framework and waits for it (every component deactivated, in reverse start order), within a bound
 * below {@code ./wfe stop}'s own time-out.
 */
@Component(immediate = true)
public class ShutdownHook {

    static final long WAIT_MILLIS = 20_000;

    private Thread hook;

    @Activate
    void activate(BundleContext ctx) {
        Framework framework = (Framework) ctx.getBundle(0);
        hook = Thread.ofPlatform().name("wfe-engine-stop").unstarted(() -> stop(framework));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this very hook is what stops us
        }
    }

    private static void stop(Framework framework) {
        long t0 = System.nanoTime();
        try {
            framework.stop();
            FrameworkEvent e = framework.waitForStop(WAIT_MILLIS);
            // the log service is gone by now: straight to the engine's stderr log
            System.err.println(e.getType() == FrameworkEvent.WAIT_TIMEDOUT
                    ? "wfe: the framework did not stop within " + WAIT_MILLIS / 1000 + " s; exiting anyway"
                    : "wfe: engine stopped (every bundle stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        } catch (BundleException | InterruptedException | RuntimeException e) {
            System.err.println("wfe: stopping the framework failed: " + e);
        }
    }
}
