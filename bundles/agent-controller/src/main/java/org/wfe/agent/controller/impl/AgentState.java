package org.wfe.agent.controller.impl;

import java.time.Instant;

/** What the controller knows of one XMPP agent: presence, when it was last heard of, an outstanding ping. */
final class AgentState {

    final String guid;
    volatile boolean online;
    /** Set when a presence "unavailable" came in over a live connection: the agent really went away. */
    volatile long offlineSeenAt;
    /**
     * When the server last said it has no session of the agent (an error answer to our ping of its full address).
     * The answer proves the server was still serving us after the "unavailable": one that is shutting down sends
     * those too, then closes our connection, and answers nothing in between.
     */
    volatile long goneConfirmedAt;
    /** When we last asked the server about an agent whose presence went "unavailable". */
    volatile long goneProbeSentAt;
    volatile long lastSeenMillis = System.currentTimeMillis();
    /** A ping is out and nothing came from the agent since it was sent. */
    volatile boolean pinging;
    volatile long pingSentAt;

    AgentState(String guid) {
        this.guid = guid;
    }

    /** Something came from the agent: it is alive, whatever ping is still out. */
    void touch() {
        lastSeenMillis = System.currentTimeMillis();
        pinging = false;
    }

    Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }
}
