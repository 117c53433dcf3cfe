package org.wfe.agent.controller.impl;

import java.time.Instant;

/** What the controller knows of one XMPP agent: presence, when it was last heard of, an outstanding ping. */
final class AgentState {

    final String guid;
    volatile boolean online;
    /** Set when a presence "unavailable" came in over a live connection: the agent really went away. */
    volatile long offlineSeenAt;
    volatile long lastSeenMillis = System.currentTimeMillis();
    volatile boolean pinging;

    AgentState(String guid) {
        this.guid = guid;
    }

    void touch() {
        lastSeenMillis = System.currentTimeMillis();
    }

    Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }
}
