package org.wfe.api.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An agent as the controller sees it.
 *
 * @param acceptance whether an operator accepted the account (only accepted agents get scripts)
 * @param firstSeen when the controller first heard of the agent (kept in the repository), null if never
 * @param facts what the agent measured of its machine (hostname, os, os.version, kernel, arch, cores,
 *        memory.mb, agent.version), as it last reported them; empty when it never did
 * @param labels the labels of the agent's configuration ({@code labels=role:web,dc:ams})
 */
public record AgentInfo(String guid, boolean online, Instant lastSeen, List<String> runningJobs, AgentAcceptance acceptance,
        Instant firstSeen, Map<String, String> facts, Map<String, String> labels) {

    public AgentInfo {
        acceptance = acceptance == null ? AgentAcceptance.PENDING : acceptance;
        facts = copy(facts);
        labels = copy(labels);
    }

    /** An agent without inventory (the constructor of API 1.1). */
    public AgentInfo(String guid, boolean online, Instant lastSeen, List<String> runningJobs, AgentAcceptance acceptance) {
        this(guid, online, lastSeen, runningJobs, acceptance, null, Map.of(), Map.of());
    }

    /** An agent whose acceptance nobody decided yet (the constructor of API 1.0). */
    public AgentInfo(String guid, boolean online, Instant lastSeen, List<String> runningJobs) {
        this(guid, online, lastSeen, runningJobs, AgentAcceptance.PENDING);
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return m == null ? Map.of() : Map.copyOf(m);
    }
}
