package org.wfe.api.agent;

/** The agent is not online (or may not have work, see {@link AgentNotAcceptedException}): nothing was sent. */
public class AgentNotAvailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentNotAvailableException(String agentGuid) {
        super("agent " + agentGuid + " is not available (not online)");
    }

    protected AgentNotAvailableException(String agentGuid, String message) {
        super(message);
    }
}
