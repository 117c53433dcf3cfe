package org.wfe.api.agent;

/**
 * The agent went away while it ran a script (offline, frozen, or unreachable for too long): the script's
 * outcome is unknown and its job ended as ERROR with {@link #getMessage()} as the reason.
 */
public class AgentLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String agentGuid;

    public AgentLostException(String agentGuid, String reason) {
        super(reason);
        this.agentGuid = agentGuid;
    }

    public String agentGuid() {
        return agentGuid;
    }
}
