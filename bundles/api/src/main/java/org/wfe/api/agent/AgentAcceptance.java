package org.wfe.api.agent;

/**
 * Whether an operator lets an agent account have work, as Salt does with minion keys: an account that
 * comes online is {@link #PENDING} until an operator accepts (or rejects) it. Only {@link #ACCEPTED}
 * agents are sent scripts; presence is tracked for all of them.
 */
public enum AgentAcceptance {
    PENDING, ACCEPTED, REJECTED;

    /** The name operators see and type: {@code pending}, {@code accepted}, {@code rejected}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
