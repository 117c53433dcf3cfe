package org.wfe.logging.impl;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * What must be in place before the rest of the engine starts (this bundle starts at level 2 with Logback,
 * before the engine bundle at 3 and Gogo at 10): etc/logback.xml, java.util.logging into SLF4J, System.out/err routed per job thread.
 * JUL's own console handler goes and the bridge takes its place; etc/logback.xml's LevelChangePropagator
 * keeps JUL's levels in step with Logback's, so a disabled JUL level costs no record.
 */
public class LoggingActivator implements BundleActivator {

    private final StandardStreamsCapture streams = new StandardStreamsCapture();

    @Override
    public void start(BundleContext context) throws Exception {
        DefaultConfiguration.ensure();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        streams.install();
    }

    @Override
    public void stop(BundleContext context) {
        streams.uninstall();
        SLF4JBridgeHandler.uninstall();
    }
}
