package org.wfe.agent.controller.impl;

import org.wfe.agent.protocol.Codec;

/**
 * Smack initialises itself once per JVM, in static initialisers that find their XML parser through
 * {@code ServiceLoader} and the thread's context class loader. In OSGi, whichever thread touches Smack
 * first (a pool thread with the system class loader) decided whether that worked, and a failed static
 * initialiser stays failed. So the parser is set directly (StAX, from the JDK) and the rest runs here once,
 * with no context class loader, before any connection is made.
 */
final class SmackInit {

    private static volatile boolean done;

    private SmackInit() {
    }

    static synchronized void ensure() {
        if (done) {
            return;
        }
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(null);
        try {
            Codec.useXmlParser();
            org.jivesoftware.smack.SmackConfiguration.getVersion();
            Codec.registerProviders();
            done = true;
        } finally {
            t.setContextClassLoader(old);
        }
    }
}
