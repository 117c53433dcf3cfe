package org.wfe.agent.controller.impl;

import java.nio.file.Path;
import java.time.Duration;

import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.XmppSettings;

/**
 * The controller's settings as plain values (tests build them directly).
 *
 * @param xmpp null: no XMPP server, only the local agent
 * @param localWorkDir where the local agent keeps its job folders; null: no local agent
 */
public record Settings(XmppSettings xmpp, Path localWorkDir, Duration pingTimeout, Duration killConfirm,
        Duration reconnectGrace, Duration ackTimeout, Duration killGrace, Duration offlineGrace) {

    /** How long a running script waits for its agent to come back after the server confirmed it gone. */
    public static final Duration OFFLINE_GRACE = Duration.ofSeconds(15);

    public static final String LOCAL = "local";

    public Settings {
        if (pingTimeout.isNegative() || pingTimeout.isZero() || reconnectGrace.isNegative() || killConfirm.isNegative()
                || offlineGrace.isNegative()) {
            throw new IllegalArgumentException("time-outs must be positive: ping " + pingTimeout + ", reconnect " + reconnectGrace
                    + ", kill confirmation " + killConfirm + ", offline grace " + offlineGrace);
        }
    }

    public static Settings localOnly(Path workDir) {
        return new Settings(null, workDir, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(2), OFFLINE_GRACE);
    }

    public Settings withXmpp(XmppSettings x) {
        return new Settings(x, localWorkDir, pingTimeout, killConfirm, reconnectGrace, ackTimeout, killGrace, offlineGrace);
    }

    public Settings withPingTimeout(Duration d) {
        return new Settings(xmpp, localWorkDir, d, killConfirm, reconnectGrace, ackTimeout, killGrace, offlineGrace);
    }

    public Settings withOfflineGrace(Duration d) {
        return new Settings(xmpp, localWorkDir, pingTimeout, killConfirm, reconnectGrace, ackTimeout, killGrace, d);
    }

    static Settings of(ControllerConfig c, Path home) {
        XmppSettings x = null;
        if (!c.xmppserver().isBlank()) {
            String ts = c.truststore().strip();
            x = new XmppSettings(c.xmppserver().strip(), c.port(), c.domain(), c.agentcontrollerguid(), c.password(),
                    c.resource().isBlank() ? Protocol.CONTROLLER_RESOURCE : c.resource().strip(), c.tls(), ts.isEmpty() ? null : Path.of(ts), c.truststore_password());
        }
        return new Settings(x, c.localagent() ? home.resolve("var/agent-local") : null, Duration.ofSeconds(c.pingtimeout()),
                Duration.ofSeconds(c.killconfirmtimeout()), Duration.ofSeconds(c.reconnectgrace()), Duration.ofSeconds(10),
                Duration.ofSeconds(2), Duration.ofSeconds(c.offlinegrace()));
    }
}
