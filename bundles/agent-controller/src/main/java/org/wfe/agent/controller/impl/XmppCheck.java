package org.wfe.agent.controller.impl;

import java.util.function.Supplier;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

/**
 * Health check "agent-controller": logged in to the XMPP server when one is configured. Not logged in is a
 * WARN, not CRITICAL: the engine, its store and the local agent keep working, only remote scripts wait
 * (the engine must not refuse to start because the chat server is down). A configuration refused for
 * clear text is a WARN too, with the refusal.
 */
final class XmppCheck implements HealthCheck {

    static final String NAME = "agent-controller";

    /**
     * The session at one moment.
     *
     * @param server where and as whom (no password)
     * @param connected logged in
     * @param problem the last login failure or connection loss, null when none
     */
    record Link(String server, boolean connected, String problem) {
    }

    private final Supplier<Link> link;
    private final String refused;

    /** @param refused why the configured server was not used, or null */
    XmppCheck(Supplier<Link> link, String refused) {
        this.link = link;
        this.refused = refused;
    }

    @Override
    public Result execute() {
        return judge(link.get(), refused);
    }

    static Result judge(Link l, String refused) {
        if (refused != null) {
            return new Result(Result.Status.WARN, "no XMPP connection: " + refused);
        }
        if (l == null) {
            return new Result(Result.Status.OK, "no XMPP server configured (local agent only)");
        }
        if (l.connected()) {
            return new Result(Result.Status.OK, "logged in to XMPP as " + l.server());
        }
        return new Result(Result.Status.WARN, "not logged in to XMPP as " + l.server() + ", remote agents cannot be reached"
                + (l.problem() == null ? " (logging in)" : ": " + l.problem()));
    }
}
