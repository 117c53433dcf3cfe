package org.wfe.agent.controller.impl;

import java.time.Instant;

/** What the controller knows of one XMPP agent: presence, when it was last heard of, an outstanding ping. */
final class AgentState {

    final String guid;
    volatile boolean online;
    /** Set when a presence "unavailable" came in over a live connection: the agent really went away. */
    volatile long offlineSeenAt;
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
