package org.wfe.api.agent;

import java.time.Instant;
import java.util.List;

/**
 * An agent as the controller sees it.
 *
 * @param acceptance whether an operator accepted the account (only accepted agents get scripts)
 */
public record AgentInfo(String guid, boolean online, Instant lastSeen, List<String> runningJobs, AgentAcceptance acceptance) {

    public AgentInfo {
        acceptance = acceptance == null ? AgentAcceptance.PENDING : acceptance;
    }

    /** An agent whose acceptance nobody decided yet (the constructor of API 1.0). */
    public AgentInfo(String guid, boolean online, Instant lastSeen, List<String> runningJobs) {
        this(guid, online, lastSeen, runningJobs, AgentAcceptance.PENDING);
    }
}
