package org.wfe.metrics.impl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * The {@code node} label: which engine a series comes from, so that the same queries work once several engines
 * share a cluster. One engine per home, so host name and home tell engines apart without configuration.
 */
final class NodeName {

    private NodeName() {
    }

    static String of(String configured, Path home) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        return host() + ":" + home.toAbsolutePath().normalize();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
