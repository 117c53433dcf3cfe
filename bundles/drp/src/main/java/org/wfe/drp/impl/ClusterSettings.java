package org.wfe.drp.impl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

import org.wfe.api.drp.DrpException;

/**
 * How a node takes part in a cluster. The node fences itself {@link #fenceAfterMillis()} after its last
 * renew was sent: a fifth of the lease before the database could see it run out, time enough to stop its
 * jobs before anyone may take them over.
 *
 * @param node the node id, stable across restarts of one engine home
 * @param address where it runs, for operators ({@code host (pid N)})
 */
record ClusterSettings(String node, String address, long leaseMillis, long renewMillis) {

    static final int DEFAULT_LEASE_SECONDS = 15;
    static final int DEFAULT_RENEW_SECONDS = 5;

    ClusterSettings {
        if (node == null || node.isBlank() || node.length() > 100) {
            throw new DrpException("node must be 1 to 100 characters, got '" + node + "'");
        }
        if (renewMillis < 1 || 2 * renewMillis + leaseMillis / 5 > leaseMillis) {
            throw new DrpException("leaseSeconds must be at least 2.5 times renewSeconds (two renews may be missed"
                    + " before the node fences itself), got lease " + leaseMillis / 1000.0 + " s, renew "
                    + renewMillis / 1000.0 + " s");
        }
    }

    long fenceAfterMillis() {
        return leaseMillis - leaseMillis / 5;
    }

    /** From the configuration; an empty node id means host name plus the engine home's path. */
    static ClusterSettings of(String node, int leaseSeconds, int renewSeconds, Path home) {
        String host = hostName();
        String id = node == null || node.isBlank() ? host + ":" + home.toAbsolutePath().normalize() : node.strip();
        if (id.length() > 100) { // a deep home path: keep its end, which tells homes apart
            id = id.substring(0, 40) + "…" + id.substring(id.length() - 59);
        }
        return new ClusterSettings(id, host + " (pid " + ProcessHandle.current().pid() + ")", leaseSeconds * 1000L,
                renewSeconds * 1000L);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
