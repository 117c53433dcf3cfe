package org.wfe.api.agent;

import java.time.Instant;
import java.util.List;

/** An agent as the controller sees it. */
public record AgentInfo(String guid, boolean online, Instant lastSeen, List<String> runningJobs) {
}
