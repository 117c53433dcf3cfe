package org.wfe.api.agent;

/**
 * The agent account is {@link AgentAcceptance#PENDING} or {@link AgentAcceptance#REJECTED}: nothing was sent
 * to it, neither the script nor its params. A subclass of {@link AgentNotAvailableException} so that callers
 * who handle an absent agent handle this one too.
 */
public class AgentNotAcceptedException extends AgentNotAvailableException {
    private static final long serialVersionUID = 1L;
    private final String agentGuid;
    private final AgentAcceptance acceptance;

    public AgentNotAcceptedException(String agentGuid, AgentAcceptance acceptance) {
        super(agentGuid, "agent " + agentGuid + " is " + acceptance.label() + ": it gets no scripts until an operator accepts it"
                + " (wfe:agent-accept " + agentGuid + ", the console's Agents page, or POST /wfe/api/v1/agents/" + agentGuid + "/accept)");
        this.agentGuid = agentGuid;
        this.acceptance = acceptance;
    }

    public String agentGuid() {
        return agentGuid;
    }

    public AgentAcceptance acceptance() {
        return acceptance;
    }
}
