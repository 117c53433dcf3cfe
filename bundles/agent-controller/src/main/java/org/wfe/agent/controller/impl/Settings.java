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
        Duration reconnectGrace, Duration ackTimeout, Duration killGrace) {

    public static final String LOCAL = "local";

    public Settings {
        if (pingTimeout.isNegative() || pingTimeout.isZero() || reconnectGrace.isNegative() || killConfirm.isNegative()) {
            throw new IllegalArgumentException("time-outs must be positive: ping " + pingTimeout + ", reconnect " + reconnectGrace
                    + ", kill confirmation " + killConfirm);
        }
    }

    public static Settings localOnly(Path workDir) {
        return new Settings(null, workDir, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    public Settings withXmpp(XmppSettings x) {
        return new Settings(x, localWorkDir, pingTimeout, killConfirm, reconnectGrace, ackTimeout, killGrace);
    }

    public Settings withPingTimeout(Duration d) {
        return new Settings(xmpp, localWorkDir, d, killConfirm, reconnectGrace, ackTimeout, killGrace);
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
                Duration.ofSeconds(2));
    }
}
