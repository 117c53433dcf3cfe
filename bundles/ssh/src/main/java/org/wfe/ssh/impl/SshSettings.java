package org.wfe.ssh.impl;

import java.time.Duration;

/** The validated configuration of the SSH server (PID {@code org.wfe.ssh}). */
public record SshSettings(boolean enabled, String host, int port, Duration idleTimeout) {

    public SshSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("org.wfe.ssh: host must not be blank (use 127.0.0.1 for loopback only)");
        }
        host = host.trim();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("org.wfe.ssh: port must be within 0..65535 (0 = any free port), got " + port);
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("org.wfe.ssh: idleTimeout must be >= 0 seconds (0 = never), got "
                    + (idleTimeout == null ? null : idleTimeout.toSeconds()));
        }
    }

    static SshSettings of(boolean enabled, String host, int port, long idleTimeoutSeconds) {
        if (idleTimeoutSeconds < 0) {
            throw new IllegalArgumentException(
                    "org.wfe.ssh: idleTimeout must be >= 0 seconds (0 = never), got " + idleTimeoutSeconds);
        }
        return new SshSettings(enabled, host, port, Duration.ofSeconds(idleTimeoutSeconds));
    }

    /** Anything but a loopback bind exposes a shell that can stop the framework: worth a warning. */
    boolean loopbackOnly() {
        return host.equals("127.0.0.1") || host.equals("::1") || host.equalsIgnoreCase("localhost");
    }
}
